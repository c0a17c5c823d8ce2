package org.vibevoice.convert;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vibevoice.VibeVoiceException;

/** Sizes as Hugging Face writes them: "2GB" (10⁹), "500MB", "1GiB" (2³⁰), or plain bytes. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?\\s*");

    private ByteSize() {
    }

    public static long parse(String s) {
        Matcher m = SIZE.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new VibeVoiceException("size '" + s + "' is not a number of bytes or a size like 2GB, 500MB, 1GiB");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        boolean binary = unit.length() == 3;
        int power = "bkmgt".indexOf(unit.charAt(0));
        double bytes = n * Math.pow(binary ? 1024 : 1000, power);
        if (bytes < 1 || bytes > Long.MAX_VALUE) {
            throw new VibeVoiceException("size '" + s + "' is out of range");
        }
        return (long) bytes;
    }

    /** "1.23 GB" style, decimal units. */
    public static String format(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
        }
        if (bytes >= 1_000L) {
            return String.format(Locale.ROOT, "%.2f kB", bytes / 1e3);
        }
        return bytes + " B";
    }
}
