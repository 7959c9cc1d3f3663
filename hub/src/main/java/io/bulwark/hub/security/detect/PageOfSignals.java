package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every stream reader shows a page to its detectors: message by message, one failing message never stopping the
 * rest, then every alert the page found raised in one go (one transaction, one sync).
 */
final class PageOfSignals {

    private static final Logger LOG = LoggerFactory.getLogger(PageOfSignals.class);

    private PageOfSignals() {
    }

    static <T> void show(List<T> page, ToLongFunction<T> offset, BiConsumer<T, List<AlertSignal>> read,
                         Consumer<List<AlertSignal>> raise) {
        List<AlertSignal> signals = new ArrayList<>();
        for (T message : page) {
            try {
                read.accept(message, signals);
            } catch (RuntimeException e) {
                // Its class name only: an exception's message could quote the message's content.
                LOG.warn("a detector failed on offset {}: {}", offset.applyAsLong(message), e.getClass().getName());
            }
        }
        raise.accept(signals);
    }
}
