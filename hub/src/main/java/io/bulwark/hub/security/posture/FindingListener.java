package io.bulwark.hub.security.posture;

/**
 * Told of every finding that opens or closes, e.g. to raise and resolve an alert. Called on the posture follower's
 * thread after the finding is stored; it must not block for long.
 */
public interface FindingListener {

    void opened(PostureFinding finding);

    void closed(PostureFinding finding);

    FindingListener NONE = new FindingListener() {
        @Override
        public void opened(PostureFinding finding) {
        }

        @Override
        public void closed(PostureFinding finding) {
        }
    };
}
