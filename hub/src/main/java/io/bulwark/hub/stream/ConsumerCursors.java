package io.bulwark.hub.stream;

import java.util.List;
import java.util.Optional;

/** Storage port of the consumer groups' committed offsets. Writes are durable when the call returns. */
public interface ConsumerCursors {

    Optional<ConsumerCursor> find(StreamName stream, ConsumerGroup group);

    /** The stream's groups, by name. */
    List<ConsumerCursor> list(StreamName stream);

    /** Creates or moves the group's cursor. */
    void save(ConsumerCursor cursor);

    /** False when the group did not exist. */
    boolean delete(StreamName stream, ConsumerGroup group);
}
