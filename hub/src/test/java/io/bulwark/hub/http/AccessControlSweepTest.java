package io.bulwark.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.auth.Permission;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-ACL-3: every route of the service API, taken from the hub's own route table (so a new route cannot escape the
 * sweep), refuses requests without credentials, with bad ones, and with a policy lacking its permission; each refusal
 * is a problem document and leaves an audit record.
 */
class AccessControlSweepTest {

    /** For each permission, a built-in policy that does not have it. */
    private static final Map<Permission, String> TOO_WEAK = Map.of(
            Permission.REGISTRY_READ, "service",
            Permission.REGISTRY_WRITE, "registryRead",
            Permission.AUDIT_READ, "registryReadWrite",
            Permission.SERVICE_CONNECT, "registryReadWrite",
            Permission.DEVICE_CONNECT, "service",
            Permission.ROUTE_WRITE, "service",
            Permission.ALERT_READ, "service",
            Permission.ALERT_WRITE, "registryReadWrite");

    @TempDir
    static Path data;
    static Hub hub;
    static ServiceClient owner;

    @BeforeAll
    static void start() {
        hub = Hub.start(HubConfig.forTests(data));
        owner = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void onlyHealthAndTheHubCasRevocationListArePublic() {
        // The CRL is signed, lists serial numbers only, and must be readable by relying parties without credentials.
        assertThat(hub.httpRoutes().stream().filter(Route::isPublic).map(Route::path))
                .containsExactlyInAnyOrder("/health", "/crl/hub-ca.crl");
        assertThat(owner.send(owner.unauthenticated("/health").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void everyProtectedRouteRefusesMissingExpiredForgedAndUnknownCredentials() {
        ServiceConnectionString credentials = owner.credentials();
        List<Function<String, String>> badTokens = List.of(
                path -> null,
                path -> owner.tokenExpiringAt(Instant.now().minus(Duration.ofMinutes(10))),
                path -> SasToken.create(credentials.hostName(), new byte[32], Instant.now().plusSeconds(600),
                        "iothubowner").format(),
                path -> SasToken.create(credentials.hostName(), credentials.keyBytes(), Instant.now().plusSeconds(600),
                        "no-such-policy").format(),
                path -> SasToken.create(credentials.hostName() + "/devices/x", credentials.keyBytes(),
                        Instant.now().plusSeconds(600), "iothubowner").format(),
                path -> "Bearer " + owner.token());
        List<String> failures = new ArrayList<>();
        int routes = 0;
        for (Route route : protectedRoutes()) {
            routes++;
            for (int i = 0; i < badTokens.size(); i++) {
                long auditBefore = auditCount();
                HttpResponse<String> answer = call(route, badTokens.get(i).apply(route.path()));
                if (answer.statusCode() != 401 || !isProblem(answer, "unauthenticated")) {
                    failures.add(route.method() + " " + route.path() + " bad token #" + i + " -> "
                            + answer.statusCode() + " " + answer.body());
                }
                if (auditCount() != auditBefore + 1) {
                    failures.add(route.method() + " " + route.path() + " bad token #" + i + " was not audited");
                }
            }
        }
        assertThat(routes).isGreaterThanOrEqualTo(14);
        assertThat(failures).isEmpty();
    }

    @Test
    void everyProtectedRouteAuthenticatesBeforeLookingAtItsPathIds() {
        // A malformed id must not earn an unauthenticated caller a different answer than a well-formed one.
        List<String> failures = new ArrayList<>();
        for (Route route : protectedRoutes()) {
            long auditBefore = auditCount();
            HttpResponse<String> answer = call(route, null, "bad%20id");
            if (answer.statusCode() != 401 || !isProblem(answer, "unauthenticated")) {
                failures.add(route.method() + " " + route.path() + " -> " + answer.statusCode() + " " + answer.body());
            }
            if (auditCount() != auditBefore + 1) {
                failures.add(route.method() + " " + route.path() + " was not audited");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyProtectedRouteRefusesAPolicyWithoutItsPermission() {
        List<String> failures = new ArrayList<>();
        for (Route route : protectedRoutes()) {
            String weakPolicy = TOO_WEAK.get(route.permission());
            ServiceClient weak = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), weakPolicy);
            HttpResponse<String> answer = call(route, weak.token());
            if (answer.statusCode() != 403 || !isProblem(answer, "forbidden")) {
                failures.add(route.method() + " " + route.path() + " with " + weakPolicy + " -> "
                        + answer.statusCode());
            }
            var last = hub.auditLog().latest().orElseThrow();
            if (last.outcome() != AuditOutcome.DENIED || !last.actor().equals("policy:" + weakPolicy)) {
                failures.add(route.method() + " " + route.path() + " refusal not audited: " + last);
            }
        }
        assertThat(failures).isEmpty();
    }

    private List<Route> protectedRoutes() {
        return hub.httpRoutes().stream().filter(r -> !r.isPublic()).toList();
    }

    private HttpResponse<String> call(Route route, String authorization) {
        return call(route, authorization, "sweep");
    }

    private HttpResponse<String> call(Route route, String authorization, String pathId) {
        String path = route.path().replaceAll("\\{[^}]+}", pathId);
        HttpRequest.Builder request = owner.unauthenticated(path)
                .method(route.method().name(), HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return owner.send(request);
    }

    private static boolean isProblem(HttpResponse<String> answer, String slug) {
        return answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && answer.body().contains("\"type\":\"urn:bulwark:problem:" + slug + "\"");
    }

    private static long auditCount() {
        return hub.auditLog().latest().orElseThrow().sequence();
    }
}
