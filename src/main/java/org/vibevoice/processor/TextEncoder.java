package org.vibevoice.processor;

/** Text → token ids, no special tokens added (the Qwen2.5 tokenizer's encode). */
@FunctionalInterface
public interface TextEncoder {
    int[] encode(String text);
}
