package org.vibevoice.processor;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vibevoice.VibeVoiceException;

/**
 * A script file read as the original {@code inference_from_file.py} reads it (spec §12.1): a
 * {@code Speaker N:} line starts a segment, following lines continue it (joined with a space), blank
 * lines and text before the first speaker are dropped, and ’ becomes '.
 *
 * @param text the normalised script, one {@code Speaker N: …} line per segment
 * @param speakerNumbers the distinct speaker numbers, ascending
 */
public record DemoScript(String text, List<Integer> speakerNumbers) {
    private static final Pattern SPEAKER = Pattern.compile("^Speaker\\s+(\\d+):\\s*(.*)$", Pattern.CASE_INSENSITIVE);

    public static DemoScript read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VibeVoiceException(file + ": script file does not exist");
        } catch (IOException e) {
            throw new VibeVoiceException(file + ": cannot read script: " + e.getMessage());
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new VibeVoiceException(file + ": script is not valid UTF-8 text");
        }
        if (content.isBlank()) {
            throw new VibeVoiceException(file + ": script is empty");
        }
        DemoScript s;
        try {
            s = parse(content);
        } catch (VibeVoiceException e) {
            throw new VibeVoiceException(file + ": " + e.getMessage());
        }
        if (s.speakerNumbers.isEmpty()) {
            throw new VibeVoiceException(file + ": no 'Speaker N:' line in the script");
        }
        return s;
    }

    public static DemoScript parse(String content) {
        List<String> segments = new ArrayList<>();
        TreeSet<Integer> speakers = new TreeSet<>();
        StringBuilder current = null;
        for (String raw : content.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = SPEAKER.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    segments.add(current.toString());
                }
                int n = ScriptParser.speakerNumber(m.group(1), line);
                speakers.add(n);
                current = new StringBuilder("Speaker ").append(n).append(": ").append(m.group(2).strip());
            } else if (current != null) {
                current.append(' ').append(line);
            }
        }
        if (current != null) {
            segments.add(current.toString());
        }
        return new DemoScript(String.join("\n", segments).replace('\u2019', '\''), List.copyOf(speakers));
    }
}
