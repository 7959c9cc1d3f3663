package io.bulwark.bench;

import java.util.concurrent.atomic.LongAdder;

/** Totals shared by all simulated devices. */
final class LoadCounters {
    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
}
