package org.vibevoice.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vibevoice.VibeVoiceException;

/**
 * The processor's script parsing (spec §10.2): every non-blank stripped line must read
 * {@code Speaker N: text}; other lines are dropped. When every id is above zero, ids are made
 * 0-based.
 */
public final class ScriptParser {
    private static final Pattern LINE = Pattern.compile("^Speaker\\s+(\\d+)\\s*:\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private ScriptParser() {
    }

    /** Parsed lines; {@code dropped} (may be null) receives the lines that did not match. */
    public static List<ScriptLine> parse(String script, List<String> dropped) {
        List<int[]> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String raw : script.strip().split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                if (dropped != null) {
                    dropped.add(line);
                }
                continue;
            }
            ids.add(new int[] {speakerNumber(m.group(1), line)});
            texts.add(" " + m.group(2).strip());
        }
        boolean allPositive = !ids.isEmpty() && ids.stream().allMatch(i -> i[0] > 0);
        List<ScriptLine> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            out.add(new ScriptLine(ids.get(i)[0] - (allPositive ? 1 : 0), texts.get(i)));
        }
        return out;
    }

    /** The N of a {@code Speaker N:} label (ASCII digits, any count of them) found on {@code line}. */
    static int speakerNumber(String digits, String line) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            String shown = line.length() > 40 ? line.substring(0, 40) + "…" : line;
            throw new VibeVoiceException("script line '" + shown + "': speaker number " + (digits.length() > 12
                    ? digits.substring(0, 12) + "… (" + digits.length() + " digits)" : digits) + " is too large");
        }
    }

    /** Number of distinct speaker ids. */
    public static int speakerCount(List<ScriptLine> lines) {
        return (int) lines.stream().mapToInt(ScriptLine::speakerId).distinct().count();
    }
}
