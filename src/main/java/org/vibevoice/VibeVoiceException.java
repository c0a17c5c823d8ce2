package org.vibevoice;

/**
 * A problem with the user's input (a file, a flag, a request) whose message is one line that names
 * the input and the problem. Commands print the message alone, never a stack trace.
 */
public class VibeVoiceException extends RuntimeException {
    public VibeVoiceException(String message) {
        super(message);
    }

    public VibeVoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
