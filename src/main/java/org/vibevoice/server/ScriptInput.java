package org.vibevoice.server;

import java.util.List;
import java.util.regex.Pattern;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.processor.DemoScript;

/**
 * Text a client sends, made into a script: a text with {@code Speaker N:} lines is read as the demo
 * reads script files (continuation lines joined, text before the first speaker dropped); plain text
 * becomes {@code Speaker 1: <text>}.
 *
 * @param script the normalised script
 * @param speakers the number of distinct speakers
 */
public record ScriptInput(String script, int speakers) {
    private static final Pattern SPEAKER_LINE = Pattern.compile("(?im)^\\s*Speaker\\s+\\d+\\s*:");

    /** @throws ApiException (400) for empty or overlong input */
    public static ScriptInput parse(String input, int maxChars) throws ApiException {
        if (input == null || input.isBlank()) {
            throw ApiException.badRequest("input is empty", "input");
        }
        if (input.length() > maxChars) {
            throw ApiException.badRequest("input has " + input.length() + " characters; this server accepts at most "
                    + maxChars, "input");
        }
        if (SPEAKER_LINE.matcher(input).find()) {
            DemoScript s;
            try {
                s = DemoScript.parse(input);
            } catch (VibeVoiceException e) {
                throw ApiException.badRequest("input " + e.getMessage(), "input");
            }
            List<Integer> speakers = s.speakerNumbers();
            if (s.text().replaceAll("(?m)^Speaker \\d+:", "").isBlank()) {
                throw ApiException.badRequest("input has no text after its 'Speaker N:' labels", "input");
            }
            return new ScriptInput(s.text(), speakers.size());
        }
        String text = String.join(" ", input.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return new ScriptInput("Speaker 1: " + text.replace('\u2019', '\''), 1);
    }
}
