package org.vibevoice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A mono PCM16 WAV as the server writes it: a 44-byte header, then the samples. */
record Wav(long riffSize, int channels, int sampleRate, int bits, long dataSize, byte[] data) {
    static Wav parse(byte[] bytes) {
        assertThat(bytes.length).as("WAV length").isGreaterThanOrEqualTo(44);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ascii(bytes, 0)).isEqualTo("RIFF");
        assertThat(ascii(bytes, 8)).isEqualTo("WAVE");
        assertThat(ascii(bytes, 12)).isEqualTo("fmt ");
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getShort(20)).as("PCM format tag").isEqualTo((short) 1);
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        assertThat(b.getInt(28)).as("byte rate").isEqualTo(rate * channels * 2);
        assertThat(b.getShort(32)).as("block align").isEqualTo((short) (channels * 2));
        int bits = b.getShort(34);
        assertThat(ascii(bytes, 36)).isEqualTo("data");
        return new Wav(b.getInt(4) & 0xFFFFFFFFL, channels, rate, bits, b.getInt(40) & 0xFFFFFFFFL,
                Arrays.copyOfRange(bytes, 44, bytes.length));
    }

    private static String ascii(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.US_ASCII);
    }

    int samples() {
        return data.length / 2;
    }
}
