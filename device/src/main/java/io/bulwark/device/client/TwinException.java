package io.bulwark.device.client;

/** The hub answered a twin request with a status other than 2xx (400 bad patch, 413 too large, 429 throttled...). */
public final class TwinException extends RuntimeException {

    private final int status;

    public TwinException(int status) {
        super("the hub answered the twin request with status " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
