package org.vibevoice.processor;

/** One parsed script line: the speaker id as the prompt will show it, and text starting with a space. */
public record ScriptLine(int speakerId, String text) {
}
