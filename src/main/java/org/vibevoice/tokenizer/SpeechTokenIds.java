package org.vibevoice.tokenizer;

import org.vibevoice.VibeVoiceException;

/**
 * The token ids VibeVoice gives a role (spec §3.3), looked up by their text in the tokenizer so a
 * different vocabulary cannot silently shift them.
 *
 * @param speechStart    {@code <|vision_start|>}: opens a voice prompt or a generated speech segment
 * @param speechEnd      {@code <|vision_end|>}: closes it
 * @param speechDiffusion {@code <|vision_pad|>}: a latent frame placeholder, and the "emit a frame" token
 * @param eos            {@code <|endoftext|>}
 * @param pad            {@code <|image_pad|>}: the processor's left padding
 */
public record SpeechTokenIds(int speechStart, int speechEnd, int speechDiffusion, int eos, int pad) {
    public static final String SPEECH_START = "<|vision_start|>";
    public static final String SPEECH_END = "<|vision_end|>";
    public static final String SPEECH_DIFFUSION = "<|vision_pad|>";
    public static final String EOS = "<|endoftext|>";
    public static final String PAD = "<|image_pad|>";

    /** The ids in the Qwen2.5 vocabulary (what {@link #of} finds in the bundled tokenizer). */
    public static final SpeechTokenIds QWEN2_5 = new SpeechTokenIds(151652, 151653, 151654, 151643, 151655);

    /** Looks every role's token up in {@code tokenizer}; a missing one is an error naming it. */
    public static SpeechTokenIds of(Tokenizer tokenizer) {
        return new SpeechTokenIds(find(tokenizer, SPEECH_START), find(tokenizer, SPEECH_END),
                find(tokenizer, SPEECH_DIFFUSION), find(tokenizer, EOS), find(tokenizer, PAD));
    }

    private static int find(Tokenizer t, String content) {
        int id = t.tokenId(content);
        if (id < 0) {
            throw new VibeVoiceException("the tokenizer has no " + content + " token, which VibeVoice needs");
        }
        return id;
    }
}
