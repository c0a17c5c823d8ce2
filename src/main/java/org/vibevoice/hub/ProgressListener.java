package org.vibevoice.hub;

/** Hears how one file's download advances; one file at a time. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(String label, long total, long resumedFrom) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish() {
        }
    };

    /**
     * @param label       what is downloading, e.g. "org/name model-00001-of-00003.safetensors"
     * @param total       bytes of the whole file, or -1 when unknown
     * @param resumedFrom bytes already on disk from an earlier, interrupted transfer
     */
    void start(String label, long total, long resumedFrom);

    /** @param done bytes of the file on disk so far (including the resumed part) */
    void advance(long done);

    void finish();
}
