package io.bulwark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A successful (2xx) answer of the hub. */
record HubResponse(int status, HttpHeaders headers, String body) {

    static final String CONTINUATION = "x-ms-continuation";
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliFailure("the hub answered " + status + " with a body that is not JSON");
        }
    }

    /** The cursor of the next page, absent on the last one. */
    Optional<String> continuation() {
        return headers.firstValue(CONTINUATION).filter(token -> !token.isBlank());
    }
}
