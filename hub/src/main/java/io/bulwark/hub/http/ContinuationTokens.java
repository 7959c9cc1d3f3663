package io.bulwark.hub.http;

import io.bulwark.hub.HubException;
import io.bulwark.protocol.identity.IdentityRules;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque paging cursors: clients pass back what they were given and need not know it is the last id of a page. */
final class ContinuationTokens {

    static final String HEADER = "x-ms-continuation";

    private ContinuationTokens() {
    }

    static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String cursor;
        try {
            cursor = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw notIssued();
        }
        // The hub only ever issues device ids, which are ASCII; anything else was made up by the client.
        if (!IdentityRules.isValidId(cursor)) {
            throw notIssued();
        }
        return cursor;
    }

    private static HubException.Invalid notIssued() {
        return new HubException.Invalid("invalid-continuation-token", "continuationToken is not one the hub issued");
    }

    static int pageSize(String value, int defaultSize, int max) {
        if (value == null || value.isBlank()) {
            return defaultSize;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HubException.Invalid("invalid-page-size", "pageSize must be a number from 1 to " + max);
    }
}
