package io.bulwark.device.agent.login;

import java.io.IOException;

/** Where login records come from: the auth log file or the journal. Polled by the agent's scheduler. */
public interface LogSource extends AutoCloseable {
    void poll() throws IOException;

    @Override
    void close() throws IOException;
}
