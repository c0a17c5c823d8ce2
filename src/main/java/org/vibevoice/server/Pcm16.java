package org.vibevoice.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * 16-bit little-endian PCM as the WAV writer makes it (clamp to [−1, 1], ×32767, round half to
 * even), and the 44-byte header of a mono PCM16 WAV file.
 */
public final class Pcm16 {
    /** The data size a streaming header declares: the length is unknown while the audio is made. */
    public static final long UNKNOWN_LENGTH = 0xFFFFFFFFL;
    public static final int HEADER_BYTES = 44;

    private Pcm16() {
    }

    public static byte[] encode(float[] samples, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(2 * length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            float c = Math.max(-1f, Math.min(1f, samples[offset + i]));
            b.putShort((short) Math.rint(c * 32767f));
        }
        return b.array();
    }

    /**
     * A mono PCM16 WAV header for {@code dataBytes} of samples; {@link #UNKNOWN_LENGTH} sets both
     * size fields to 0xFFFFFFFF, which players and decoders (ffmpeg, browsers, Python's soundfile)
     * read as "until the end of the stream".
     */
    public static byte[] wavHeader(int sampleRate, long dataBytes) {
        boolean unknown = dataBytes == UNKNOWN_LENGTH;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        b.putInt(unknown ? (int) UNKNOWN_LENGTH : (int) (36 + dataBytes));
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
        b.putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(2 * sampleRate);
        b.putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.array();
    }
}
