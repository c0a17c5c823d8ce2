package org.vibevoice;

/**
 * A problem with the user's input (a file, a flag, a request) whose message is one line that names
 * the input and the problem. Commands print the message alone, never a stack trace.
 */
public class VibeVoiceException extends RuntimeException {
    public VibeVoiceException(String message) {
        super(oneLine(message));
    }

    public VibeVoiceException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * {@code message} with control characters shown as escapes ({@code \n}, {@code \u0000}): a
     * message quotes names from the input (tensor names, shard names, script lines), which must
     * not break it into lines or inject terminal control sequences.
     */
    public static String oneLine(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder sb = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
