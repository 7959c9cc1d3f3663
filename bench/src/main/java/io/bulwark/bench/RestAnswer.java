package io.bulwark.bench;

/**
 * A REST answer read in full.
 *
 * @param status the HTTP status code
 * @param body   the body as UTF-8 text, empty if there was none
 */
record RestAnswer(int status, String body) {

    RestAnswer {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        body = body == null ? "" : body;
    }

    boolean successful() {
        return status / 100 == 2;
    }
}
