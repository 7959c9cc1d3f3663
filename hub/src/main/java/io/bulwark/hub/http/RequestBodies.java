package io.bulwark.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies with a hard byte limit: the declared Content-Length is checked first, and a chunked body is cut
 * off as soon as it passes the limit, so no client can make the hub buffer more than it allows.
 */
final class RequestBodies {

    private final ObjectMapper json;
    private final long maxBytes;

    RequestBodies(ObjectMapper json, long maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    /** The body as a JSON object; an empty body is an empty object. */
    JsonNode jsonObject(Context ctx) {
        byte[] body = bytes(ctx);
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HubException.Invalid("invalid-json", "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new HubException.Invalid("invalid-json", "the body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes(Context ctx) {
        long declared = requireDeclaredLengthWithin(ctx, maxBytes);
        try (InputStream in = new LimitedInputStream(ctx.req().getInputStream(), maxBytes)) {
            // A declared length is read into a buffer of that size: readAllBytes starts with 8 KiB whatever comes.
            return declared >= 0 && declared <= Integer.MAX_VALUE ? in.readNBytes((int) declared) : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The declared Content-Length, -1 for none (a chunked body); refused when over {@code limit}. */
    static long requireDeclaredLengthWithin(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        return declared;
    }

    static HubException.LimitExceeded tooLarge(long limit) {
        return new HubException.LimitExceeded("body-too-large", "the body is larger than " + limit + " bytes");
    }

    /** Fails the read as soon as more than {@code limit} bytes have come in. */
    static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw tooLarge(limit);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
