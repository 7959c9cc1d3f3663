package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.ServiceClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-DATA-1: a device the hub acknowledged (2xx) exists after the hub is killed with SIGKILL and started again. */
class RegistryCrashTest {

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedDeviceSurvivesKillDashNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger attempts = new AtomicInteger();
        try (HubProcess hub = HubProcess.start(data)) {
            ServiceClient api = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "iothubowner");
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.submit(() -> {
                    // Bounded: at most 2,000 attempts per writer, and the kill below ends it sooner.
                    for (int i = 0; i < 2_000 && running.get(); i++) {
                        String id = "crash-" + writer + "-" + i;
                        attempts.incrementAndGet();
                        try {
                            HttpResponse<String> answer = api.put("/devices/" + id, "{}");
                            if (answer.statusCode() == 200) {
                                acknowledged.add(id);
                            }
                        } catch (Exception connectionLost) {
                            return;
                        }
                    }
                });
            }
            while (acknowledged.size() < 150) {
                Thread.sleep(10);
            }
            hub.killHard();
            running.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        try (HubProcess restarted = HubProcess.start(data)) {
            ServiceClient api = ServiceClient.forPolicy(restarted.folder(), restarted.httpsPort(), "iothubowner");
            List<String> missing = acknowledged.stream().filter(id -> {
                try {
                    return api.get("/devices/" + id).statusCode() != 200;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            System.out.printf("kill -9 test: %d attempts, %d acknowledged, %d missing after restart%n",
                    attempts.get(), acknowledged.size(), missing.size());
            assertThat(missing).isEmpty();
        }
    }
}
