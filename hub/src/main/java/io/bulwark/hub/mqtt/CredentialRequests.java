package io.bulwark.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.DeviceCertificates;
import io.bulwark.hub.x509.IssuedCertificate;
import io.bulwark.protocol.mqtt.CredentialTopics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A device's request for a new certificate over its connection ({@code $iothub/credentials/POST/issueCertificate}).
 * The identity is the connection's, never the body's, and the proof is the certificate the connection was opened
 * with: the hub answers 202 (accepted), then 200 with the chain or an error status, each audited.
 */
final class CredentialRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeviceCertificates certificates;
    private final AuditLog audit;

    CredentialRequests(DeviceCertificates certificates, AuditLog audit) {
        this.certificates = certificates;
        this.audit = audit;
    }

    /** Signs on {@code io} (it writes the store and the audit log) and answers on the connection's loop. */
    void answerLater(ChannelHandlerContext ctx, Executor io, IdentityId device, String requestId, byte[] body) {
        List<X509Certificate> presented = PeerCertificates.of(ctx.channel());
        Actor actor = new Actor("device:" + device, ConnectionSource.of(ctx.channel()));
        io.execute(() -> {
            byte[] answer;
            int status;
            try {
                String csr = csrOf(device, body);
                publish(ctx, 202, requestId, JSON.createObjectNode().put("correlationId", requestId).toString());
                IssuedCertificate issued = certificates.renew(actor, device,
                        presented.isEmpty() ? null : presented.get(0), csr);
                status = 200;
                answer = chain(certificates.chain(issued));
            } catch (BodyRefused refused) {
                audit.record(actor, "certificate.renew", "device:" + device, AuditOutcome.DENIED,
                        refused.problem.getMessage());
                status = statusOf(refused.problem);
                answer = error(refused.problem);
            } catch (HubException refused) {
                status = statusOf(refused);
                answer = error(refused);
            } catch (RuntimeException failed) {
                status = 500;
                answer = JSON.createObjectNode().put("errorCode", "internal")
                        .put("message", "the hub could not issue a certificate").toString()
                        .getBytes(StandardCharsets.UTF_8);
            }
            publish(ctx, status, requestId, answer);
        });
    }

    /** Body: {@code {"id": deviceId, "csr": base64 DER or PEM, "replace": …}}; {@code replace} is not needed here. */
    private static String csrOf(IdentityId device, byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new BodyRefused(new HubException.Invalid("invalid-json", "the request body is not valid JSON"));
        }
        if (request == null || !request.isObject() || !request.path("csr").isTextual()) {
            throw new BodyRefused(new HubException.Invalid("invalid-csr",
                    "the request body must be a JSON object with csr (base64 DER or PEM)"));
        }
        JsonNode id = request.get("id");
        if (id != null && !id.isNull() && !id.asText().equals(device.toString())) {
            throw new BodyRefused(new HubException.Forbidden("identity-mismatch",
                    "the request names another identity than the connection's"));
        }
        return request.get("csr").asText();
    }

    private static int statusOf(HubException problem) {
        if (problem instanceof HubException.Invalid) {
            return 400;
        }
        if (problem instanceof HubException.Forbidden) {
            return 403;
        }
        if (problem instanceof HubException.NotFound) {
            return 404;
        }
        if (problem instanceof HubException.Conflict) {
            return 409;
        }
        if (problem instanceof HubException.LimitExceeded) {
            return 429;
        }
        return 500;
    }

    private static byte[] chain(List<X509Certificate> certificates) {
        ArrayNode encoded = JSON.createArrayNode();
        try {
            for (X509Certificate certificate : certificates) {
                encoded.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode an issued certificate", e);
        }
        return JSON.createObjectNode().set("certificates", encoded).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] error(HubException problem) {
        return JSON.createObjectNode().put("errorCode", problem.type()).put("message", problem.getMessage())
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void publish(ChannelHandlerContext ctx, int status, String requestId, String body) {
        publish(ctx, status, requestId, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void publish(ChannelHandlerContext ctx, int status, String requestId, byte[] body) {
        ctx.executor().execute(() -> ctx.writeAndFlush(MqttMessageBuilders.publish()
                .topicName(CredentialTopics.response(status, requestId))
                .qos(MqttQoS.AT_MOST_ONCE)
                .payload(Unpooled.wrappedBuffer(body))
                .build()));
    }

    /** A request refused before it reached the certificate service, which audits its own refusals. */
    private static final class BodyRefused extends RuntimeException {
        private final HubException problem;

        BodyRefused(HubException problem) {
            super(problem.getMessage(), null, false, false);
            this.problem = problem;
        }
    }
}
