package io.bulwark.bench.micro;

import io.bulwark.protocol.mqtt.PropertyBag;
import io.bulwark.protocol.mqtt.TelemetryTopic;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing done on every telemetry PUBLISH: the topic alone, the topic with the property bag the Azure SDKs send
 * (message id, correlation id, content type and encoding, two application properties), and the bag by itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class TopicParsingBenchmark {

    /** What the Azure IoT device SDK sends for a message with ids, content type and two application properties. */
    static final String BAG = "%24.mid=6c1a2e1f-7f7e-4a43-9d0b-5b2f1c8e9a10&%24.cid=req-42&%24.ct=application%2Fjson"
            + "&%24.ce=utf-8&temperatureAlert=true&site=Lyon%20North";

    private final String plainTopic = "devices/sensor-0001/messages/events/";
    private final String bagTopic = "devices/sensor-0001/messages/events/" + BAG;
    private final String moduleBagTopic = "devices/gateway-7/modules/filter/messages/events/" + BAG;

    @Benchmark
    public TelemetryTopic topicWithoutProperties() {
        return TelemetryTopic.parse(plainTopic);
    }

    @Benchmark
    public TelemetryTopic topicWithPropertyBag() {
        return TelemetryTopic.parse(bagTopic);
    }

    @Benchmark
    public TelemetryTopic moduleTopicWithPropertyBag() {
        return TelemetryTopic.parse(moduleBagTopic);
    }

    @Benchmark
    public Map<String, String> propertyBag() {
        return PropertyBag.parse(BAG);
    }
}
