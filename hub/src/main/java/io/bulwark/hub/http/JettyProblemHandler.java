package io.bulwark.hub.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers the errors Jetty produces before a request reaches Javalin (a malformed request line, headers over the size
 * limit, a bad URI) with a problem document too, instead of Jetty's HTML page. Jetty's reason text is not passed on:
 * it may quote the rejected input.
 */
final class JettyProblemHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemDocuments.CONTENT_TYPE);
        SecurityHeaders.apply((name, value) -> fields.put(new HttpField(name, value)));
        return ByteBuffer.wrap(problem(status));
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        baseRequest.setHandled(true);
        response.setStatus(status);
        response.setContentType(ProblemDocuments.CONTENT_TYPE);
        SecurityHeaders.apply(response::setHeader);
        response.getOutputStream().write(problem(status));
    }

    private static byte[] problem(int status) {
        String title = HttpStatus.getMessage(status);
        return ("{\"type\":\"urn:bulwark:problem:" + slug(status) + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"the request was refused before it reached the API: " + title + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 413 -> "body-too-large";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            default -> "http-" + status;
        };
    }
}
