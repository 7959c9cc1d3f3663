package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-DATA-1: a cloud-to-device message the hub accepted (202) is still queued after the hub is killed with SIGKILL
 * and started again, and so is its audit record, in an unbroken chain. Sends from several threads at once, so they
 * share group commits.
 */
class C2dCrashTest {

    private static final int DEVICES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void everyAcceptedMessageAndItsAuditRecordSurviveKillDashNine() throws Exception {
        Map<String, Set<String>> accepted = new ConcurrentHashMap<>();
        try (HubProcess hub = HubProcess.start(data)) {
            ServiceClient api = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "iothubowner");
            for (int d = 0; d < DEVICES; d++) {
                assertThat(api.put("/devices/c2d-" + d, "{}").statusCode()).isEqualTo(200);
                accepted.put("c2d-" + d, ConcurrentHashMap.newKeySet());
            }
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            for (int s = 0; s < 8; s++) {
                int sender = s;
                senders.submit(() -> {
                    // Bounded: 100 sends per sender stay under every device's queue limit (50 x 20 devices).
                    for (int i = 0; i < 100 && running.get(); i++) {
                        String device = "c2d-" + ((sender * 100 + i) % DEVICES);
                        String messageId = "m-" + sender + "-" + i;
                        try {
                            HttpResponse<String> answer = api.post("/devices/" + device + "/messages/deviceBound",
                                    "body " + i, "iothub-messageid", messageId);
                            if (answer.statusCode() == 202) {
                                accepted.get(device).add(messageId);
                            }
                        } catch (Exception connectionLost) {
                            return;
                        }
                    }
                });
            }
            while (accepted.values().stream().mapToInt(Set::size).sum() < 150) {
                Thread.sleep(10);
            }
            hub.killHard();
            running.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        try (HubProcess restarted = HubProcess.start(data)) {
            ServiceClient api = ServiceClient.forPolicy(restarted.folder(), restarted.httpsPort(), "iothubowner");
            List<JsonNode> audit = auditRecords(api);
            Set<String> audited = new HashSet<>();
            for (int i = 0; i < audit.size(); i++) {
                JsonNode record = audit.get(i);
                if (i > 0) {
                    assertThat(record.get("sequence").asLong()).isEqualTo(audit.get(i - 1).get("sequence").asLong() + 1);
                    assertThat(record.get("previousHash").asText()).isEqualTo(audit.get(i - 1).get("hash").asText());
                }
                if (record.get("action").asText().equals("c2d.send")
                        && record.get("outcome").asText().equals("success")) {
                    audited.add(record.get("detail").asText().replaceFirst("^message ", ""));
                }
            }
            int acceptedCount = 0;
            for (Map.Entry<String, Set<String>> device : accepted.entrySet()) {
                acceptedCount += device.getValue().size();
                assertThat(audited).containsAll(device.getValue());
                HttpResponse<String> purge = api.delete("/devices/" + device.getKey() + "/commands");
                assertThat(purge.statusCode()).isEqualTo(200);
                // Purging counts what is queued: at least every accepted message (a send cut off by the kill may
                // have been stored without its answer arriving).
                assertThat(JSON.readTree(purge.body()).get("totalMessagesPurged").asInt())
                        .as("messages queued for %s", device.getKey())
                        .isGreaterThanOrEqualTo(device.getValue().size());
            }
            System.out.printf("C2D kill -9 test: %d accepted, %d audit records after restart%n",
                    acceptedCount, audit.size());
        }
    }

    private static List<JsonNode> auditRecords(ServiceClient api) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        long after = 0;
        while (true) {
            HttpResponse<String> page = api.get("/audit?pageSize=1000&after=" + after);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode array = JSON.readTree(page.body());
            array.forEach(records::add);
            if (array.size() < 1000) {
                return records;
            }
            after = array.get(array.size() - 1).get("sequence").asLong();
        }
    }
}
