package org.vibevoice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.safetensors.AtomicFiles;
import org.vibevoice.safetensors.Checkpoint;

/**
 * {@code synthesize} and {@code convert} run as the real CLI in a child JVM and SIGKILLed at seeded
 * random moments from JVM start-up to past completion: the output name must then be absent, or hold
 * the complete output (byte for byte the reference run's), never a partial file; the only other
 * entries allowed are the killed runs' temporaries under their recognisable names; and a rerun with
 * the same arguments must succeed, produce the reference output and remove those leftovers.
 */
class CrashSafetyTest {
    private static final int KILLS = 6;
    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.[a-z]+-(\\d+)-\\d+\\.tmp");

    @TempDir
    Path tmp;

    /** What a kill left under the output name. */
    enum Outcome {
        /** Nothing under the final name. */
        ABSENT,
        /** The output that was there before the run, untouched. */
        KEPT,
        /** A complete new output. */
        NEW
    }

    /** The output under test: how to check it against the reference and how to put the reference back. */
    interface Output {
        void assertComplete(Path target) throws IOException;

        void restore(Path target) throws IOException;
    }

    @Test
    void aKilledSynthesizeLeavesTheWavAbsentOrCompleteAndTheRerunSucceeds() throws Exception {
        Path golden = GoldenFixtures.dir();
        Path voices = Files.createDirectories(tmp.resolve("voices"));
        Files.copy(golden.resolve("data/voice_carter.wav"), voices.resolve("en-Carter_man.wav"));
        Files.copy(golden.resolve("data/voice_frank.wav"), voices.resolve("en-Frank_man.wav"));
        Path script = Files.writeString(tmp.resolve("crash.txt"),
                "Speaker 1: Hello there, this run may be killed.\nSpeaker 2: Then run it again.\n");
        Path out = tmp.resolve("out");
        List<String> args = List.of("synthesize", "--model_path", golden.resolve("models/tiny-a").toString(),
                "--txt_path", script.toString(), "--voices_dir", voices.toString(), "--speaker_names", "Carter",
                "Frank", "--output_dir", out.toString(), "--seed", "7", "--max_new_tokens", "24");
        Path wav = out.resolve("crash_generated.wav");
        ChildCli cli = new ChildCli(tmp.resolve("logs"));
        long wall = reference(cli, args);
        byte[] reference = Files.readAllBytes(wav);
        int samples = AudioFiles.read(wav).samples().length;
        assertThat(samples).as("the reference made audio").isPositive();
        Output output = new Output() {
            public void assertComplete(Path target) throws IOException {
                assertThat(Files.readAllBytes(target)).as("the WAV under the final name").isEqualTo(reference);
                assertThat(AudioFiles.read(target).samples()).hasSize(samples);
            }

            public void restore(Path target) throws IOException {
                Files.write(target, reference);
            }
        };
        killAndRerun("synthesize", cli, args, wav, wall, output, 1101);
    }

    @Test
    void aKilledConvertLeavesTheModelAbsentOrCompleteAndTheRerunSucceeds() throws Exception {
        Path model = GoldenFixtures.dir().resolve("models/tiny-a");
        Path converted = Files.createDirectories(tmp.resolve("models")).resolve("tiny-a-f16");
        // --force: a rerun after a kill that came once the output was in place must replace it
        List<String> args = List.of("convert", "--input_path", model.toString(), "--output_path", converted.toString(),
                "--target", "f16", "--force");
        ChildCli cli = new ChildCli(tmp.resolve("logs"));
        long wall = reference(cli, args);
        Path reference = copyTree(converted, tmp.resolve("reference"));
        Map<String, byte[]> files = weightsAndConfig(reference);
        int tensors;
        try (Checkpoint ck = Checkpoint.open(reference)) {
            tensors = ck.names().size();
        }
        assertThat(tensors).isPositive();
        Output output = new Output() {
            public void assertComplete(Path target) throws IOException {
                assertThat(list(target)).as("files of the converted model").isEqualTo(list(reference));
                Map<String, byte[]> got = weightsAndConfig(target);
                assertThat(got.keySet()).isEqualTo(files.keySet());
                got.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(files.get(name)));
                try (Checkpoint ck = Checkpoint.open(target)) {
                    assertThat(ck.names()).hasSize(tensors);
                }
            }

            public void restore(Path target) throws IOException {
                copyTree(reference, target);
            }
        };
        killAndRerun("convert", cli, args, converted, wall, output, 2202);
    }

    /** Runs the command to the end; its wall time in milliseconds. */
    private static long reference(ChildCli cli, List<String> args) throws Exception {
        long t0 = System.nanoTime();
        assertThat(cli.run(args)).as(cli::lastErr).isZero();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * {@link #KILLS} runs killed at stratified seeded delays over [0, 1.15 × wall] (the last may end
     * first), alternately with no output and with the complete output already in place; then a rerun.
     */
    private void killAndRerun(String what, ChildCli cli, List<String> args, Path target, long wall, Output output,
            long seed) throws Exception {
        Random random = new Random(seed);
        long t0 = System.nanoTime();
        Set<Long> killedPids = new HashSet<>();
        Map<Outcome, Integer> outcomes = new TreeMap<>();
        int leftovers = 0;
        for (int k = 0; k < KILLS; k++) {
            boolean existing = k % 2 == 1;
            AtomicFiles.deleteTree(target);
            if (existing) {
                output.restore(target);
            }
            Object before = existing ? key(target) : null;
            long delay = (long) (1.15 * wall * (k + random.nextDouble()) / KILLS);
            ChildCli.Kill kill = cli.killAfter(args, delay);
            if (kill.killed()) {
                killedPids.add(kill.pid());
            }
            Outcome o;
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                o = Outcome.ABSENT;
            } else {
                output.assertComplete(target);
                o = before != null && before.equals(key(target)) ? Outcome.KEPT : Outcome.NEW;
            }
            outcomes.merge(o, 1, Integer::sum);
            int left = assertOnlyRecognisableLeftovers(target, killedPids);
            leftovers += left;
            System.out.printf("%s kill %d at %d ms of %d: %s, %s, %d temporary left (%d ms into the test)%n", what, k,
                    delay, wall, kill.killed() ? "killed" : "ended first", o, left, (System.nanoTime() - t0) / 1_000_000);
        }
        assertThat(cli.run(args)).as(cli::lastErr).isZero();
        output.assertComplete(target);
        assertThat(siblings(target)).as("the rerun removed the killed runs' leftovers").containsExactly(target);
        System.out.printf("%s: %d kills %s, %d temporaries left in all, rerun ok and cleaned up (%d ms)%n", what,
                KILLS, outcomes, leftovers, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Besides the target, only temporaries named after it by killed processes; returns how many. */
    private static int assertOnlyRecognisableLeftovers(Path target, Set<Long> killedPids) throws IOException {
        int n = 0;
        for (Path p : siblings(target)) {
            if (p.equals(target)) {
                continue;
            }
            Matcher m = TEMP.matcher(p.getFileName().toString());
            assertThat(m.matches()).as("unexpected entry %s", p).isTrue();
            assertThat(m.group(1)).isEqualTo(target.getFileName().toString());
            assertThat(killedPids).as("a temporary of a killed run: %s", p).contains(Long.parseLong(m.group(2)));
            n++;
        }
        return n;
    }

    private static List<Path> siblings(Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(target.getParent())) {
            return s.sorted().toList();
        }
    }

    private static Object key(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every file but the conversion report (which holds timings). */
    private static Map<String, byte[]> weightsAndConfig(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : list(dir)) {
            if (!name.startsWith("conversion_report")) {
                files.put(name, Files.readAllBytes(dir.resolve(name)));
            }
        }
        return files;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(from)) {
            s.forEach(files::add);
        }
        for (Path f : files) {
            Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }
}
