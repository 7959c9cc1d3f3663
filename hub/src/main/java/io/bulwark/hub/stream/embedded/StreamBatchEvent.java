package io.bulwark.hub.stream.embedded;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One batch of the stream writer, for JFR ({@code PROFILE=1} on the bench scripts): how many messages it held, how
 * long its oldest message had waited for the writer, and how the batch's time split between the rows and the commit.
 * Costs nothing unless a recording is on. The event's own duration is the whole batch, rows to completions.
 */
@Name("io.bulwark.StreamBatch")
@Label("Stream writer batch")
@Category({"Bulwark", "Streams"})
@Description("One group commit of the stream writer")
@StackTrace(false)
final class StreamBatchEvent extends Event {

    @Label("Messages")
    int messages;

    @Label("Bytes of bodies")
    long bodyBytes;

    @Label("Oldest message's wait for the writer")
    @Timespan(Timespan.NANOSECONDS)
    long oldestWait;

    @Label("Rows (INSERTs)")
    @Timespan(Timespan.NANOSECONDS)
    long rows;

    @Label("Commit (with the WAL sync)")
    @Timespan(Timespan.NANOSECONDS)
    long commit;

    @Label("Writer CPU time for the batch")
    @Timespan(Timespan.NANOSECONDS)
    long cpu;

    @Label("Completions (PUBACKs handed to the event loops)")
    @Timespan(Timespan.NANOSECONDS)
    long completions;
}
