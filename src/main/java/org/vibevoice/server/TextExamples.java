package org.vibevoice.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.processor.DemoScript;

/**
 * The example scripts the page offers, chosen as the Gradio demo chooses them (spec §12.2): every
 * {@code *.txt} of the directory, by name, except those whose {@code (\d+)min} exceeds 15.
 */
public final class TextExamples {
    private static final Pattern MINUTES = Pattern.compile("(\\d+)min");
    private static final int MAX_MINUTES = 15;

    /** An example: its file name without {@code .txt}, the normalised script and its speaker count. */
    public record Example(String name, String script, int speakers) {
    }

    private TextExamples() {
    }

    /** The examples of {@code dir}; none when {@code dir} is null. Unreadable or speakerless files are skipped. */
    public static List<Example> load(Path dir) {
        if (dir == null) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new VibeVoiceException(dir + ": text examples directory does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
                    .filter(p -> !tooLong(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new VibeVoiceException(dir + ": cannot list text examples: " + e.getMessage());
        }
        List<Example> out = new ArrayList<>();
        for (Path f : files) {
            try {
                DemoScript s = DemoScript.read(f);
                String name = f.getFileName().toString();
                out.add(new Example(name.substring(0, name.length() - 4), s.text(), s.speakerNumbers().size()));
            } catch (VibeVoiceException e) {
                System.err.println("skipping text example: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    static boolean tooLong(String fileName) {
        Matcher m = MINUTES.matcher(fileName);
        return m.find() && (m.group(1).length() > 6 || Integer.parseInt(m.group(1)) > MAX_MINUTES);
    }
}
