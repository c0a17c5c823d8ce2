package org.vibevoice.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary names, atomic replacement and the removal of a killed process's leftovers. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void temporaryNamesAreHiddenBesideTheTargetAndNameThisProcess() {
        Path t = AtomicFiles.tempSibling(dir.resolve("out.wav"), "writing");
        assertThat(t.getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(t.getFileName().toString()).matches("\\.out\\.wav\\.writing-" + ProcessHandle.current().pid()
                + "-\\d+\\.tmp");
    }

    @Test
    void writeReplacesTheTargetAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFiles.write(f, new byte[] {1, 2});
        AtomicFiles.write(f, new byte[] {3});
        assertThat(Files.readAllBytes(f)).containsExactly(3);
        assertThat(names()).containsExactly("a.json");
    }

    @Test
    void onlyTheLeftoversOfDeadProcessesForThisTargetAreRemoved() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        long live = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("out.wav"), "complete");
        Files.writeString(dir.resolve(".out.wav.writing-" + dead + "-1.tmp"), "partial");
        Files.createDirectories(dir.resolve(".out.wav.converting-" + dead + "-2.tmp").resolve("sub"));
        Files.writeString(dir.resolve(".out.wav.converting-" + dead + "-2.tmp/sub/x"), "partial");
        Files.writeString(dir.resolve(".out.wav.writing-" + live + "-3.tmp"), "in progress");
        Files.writeString(dir.resolve(".other.wav.writing-" + dead + "-4.tmp"), "not ours");
        Files.writeString(dir.resolve(".out.wav.notes"), "not a temporary");

        assertThat(AtomicFiles.removeStale(dir.resolve("out.wav"))).isEqualTo(2);
        assertThat(names()).containsExactly(".other.wav.writing-" + dead + "-4.tmp", ".out.wav.notes",
                ".out.wav.writing-" + live + "-3.tmp", "out.wav");
    }

    @Test
    void namesWithGlobCharactersAreMatchedLiterally() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Files.writeString(dir.resolve(".a[1]*.wav.writing-" + p.pid() + "-1.tmp"), "partial");
        Files.writeString(dir.resolve(".ab.wav.writing-" + p.pid() + "-1.tmp"), "another target");
        assertThat(AtomicFiles.removeStale(dir.resolve("a[1]*.wav"))).isEqualTo(1);
        assertThat(names()).containsExactly(".ab.wav.writing-" + p.pid() + "-1.tmp");
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }
}
