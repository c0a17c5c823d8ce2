package org.vibevoice.processor;

/** The Qwen2.5 token ids VibeVoice gives a role (spec §3.3). */
public final class SpecialTokens {
    public static final int EOS = 151643;
    public static final int SPEECH_START = 151652;
    public static final int SPEECH_END = 151653;
    public static final int SPEECH_DIFFUSION = 151654;
    public static final int PAD = 151655;

    private SpecialTokens() {
    }
}
