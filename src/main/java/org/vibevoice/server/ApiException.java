package org.vibevoice.server;

import org.vibevoice.VibeVoiceException;

/**
 * A request the server refuses, answered as an OpenAI-style error body
 * {@code {"error":{"message":…,"type":…,"param":…,"code":…}}} with {@code status}.
 */
public final class ApiException extends Exception {
    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public ApiException(int status, String type, String code, String param, String message) {
        // messages echo client input; JSON would escape a line break, but logs and clients show it raw
        super(VibeVoiceException.oneLine(message));
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static ApiException badRequest(String message, String param) {
        return new ApiException(400, "invalid_request_error", null, param, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "invalid_request_error", "not_found", null, message);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "invalid_request_error", "request_too_large", null,
                "request body exceeds the limit of " + limit + " bytes");
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
