package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.SymbolizedFrame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * GNU addr2line as the reference for symbolization: one {@code addr2line -a -f -C -i} process answers all
 * addresses, and {@link #compare} scores Tachyon's frames against it.
 */
final class Addr2line {

    /** One frame as addr2line prints it: function and "file:line" with the discriminator removed. */
    record Frame(String function, String location) {
    }

    /**
     * Agreement figures of one comparison. {@code locationMatches} counts frames where addr2line agrees, plus
     * {@code settledByLlvm} frames where it does not but llvm-symbolizer agrees with Tachyon: binutils 2.40 starts a
     * DWARF 5 line program in file 0 instead of file 1 (fixed upstream, PR 30783), which shows as the unit's main
     * file in place of the included one whose lines they are.
     */
    record Agreement(int addresses, int nameMatches, int locationsCompared, int locationMatches, int settledByLlvm,
            List<String> nameMismatches, List<String> locationMismatches) {

        double namePercent() {
            return 100.0 * nameMatches / addresses;
        }

        double locationPercent() {
            return locationsCompared == 0 ? 100.0 : 100.0 * locationMatches / locationsCompared;
        }

        @Override
        public String toString() {
            return String.format("%d addresses: function names %.2f%% (%d differ), file:line %.2f%% of %d frames"
                    + " (%.2f%% as addr2line; %d settled by llvm-symbolizer)", addresses, namePercent(),
                    addresses - nameMatches, locationPercent(), locationsCompared,
                    100.0 * (locationMatches - settledByLlvm) / Math.max(1, locationsCompared), settledByLlvm);
        }
    }

    private Addr2line() {
    }

    /** addr2line's frames for each of {@code addresses} (ELF virtual addresses of {@code file}). */
    static List<List<Frame>> frames(Path file, long[] addresses) throws IOException {
        Tools.requireTool("addr2line");
        Process process = new ProcessBuilder("addr2line", "-a", "-f", "-C", "-i", "-e", file.toString())
                .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread writer = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                StringBuilder text = new StringBuilder();
                for (long address : addresses) {
                    text.append("0x").append(Long.toHexString(address)).append('\n');
                }
                in.write(text.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            writer.join();
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        List<List<Frame>> all = new ArrayList<>();
        List<Frame> current = null;
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isAddressLine(line)) {
                current = new ArrayList<>();
                all.add(current);
                continue;
            }
            if (current == null) {
                throw new AssertionError("addr2line output does not start with an address: " + line);
            }
            String location = i + 1 < lines.length ? lines[++i] : "";
            current.add(new Frame(line, stripDiscriminator(location)));
        }
        return all;
    }

    /** llvm-symbolizer's frames for each address, locations as "file:line" (the column dropped). */
    static List<List<Frame>> llvmFrames(Path file, long[] addresses) throws IOException {
        List<String> command = new ArrayList<>(List.of("llvm-symbolizer", "--obj=" + file, "--inlines",
                "--demangle"));
        for (long address : addresses) {
            command.add("0x" + Long.toHexString(address));
        }
        String out = new String(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<List<Frame>> all = new ArrayList<>();
        for (String block : out.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            List<Frame> frames = new ArrayList<>();
            String[] lines = block.strip().split("\n");
            for (int i = 0; i + 1 < lines.length; i += 2) {
                String location = lines[i + 1];
                int lastColon = location.lastIndexOf(':');
                int lineColon = lastColon > 0 ? location.lastIndexOf(':', lastColon - 1) : -1;
                frames.add(new Frame(lines[i], lineColon > 0 ? location.substring(0, lastColon) : location));
            }
            all.add(frames);
        }
        return all;
    }

    private static boolean isAddressLine(String line) {
        return line.length() == 18 && line.startsWith("0x") && line.substring(2).chars()
                .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    static String stripDiscriminator(String location) {
        int at = location.indexOf(" (discriminator");
        return at < 0 ? location : location.substring(0, at);
    }

    /** {@code count} addresses spread over the extents of {@code nm}'s sized text symbols, seeded. */
    static long[] addressesInFunctions(Path symbolFile, int count, long seed) {
        return addressesInFunctions(symbolFile, false, count, seed);
    }

    /** The same from the dynamic symbol table ({@code nm -D}), for stripped libraries. */
    static long[] addressesInFunctions(Path symbolFile, boolean dynamic, int count, long seed) {
        List<long[]> extents = new ArrayList<>();
        String listing = dynamic ? Tools.run("nm", "-D", "-S", "--defined-only", symbolFile.toString())
                : Tools.run("nm", "-S", "--defined-only", symbolFile.toString());
        for (String line : listing.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && "tTwW".contains(f[2])) {
                long start = Long.parseUnsignedLong(f[0], 16);
                long size = Long.parseUnsignedLong(f[1], 16);
                if (size > 0) {
                    extents.add(new long[] {start, size});
                }
            }
        }
        Random random = new Random(seed);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long[] extent = extents.get(random.nextInt(extents.size()));
            out[i] = extent[0] + (long) (random.nextDouble() * extent[1]);
        }
        return out;
    }

    /**
     * Compares Tachyon's frames ({@code ours} maps an address to its frames) with addr2line's. An address counts for
     * names when addr2line names it; its name matches when every frame's function agrees. File:line is compared on
     * the frames where addr2line knows the line.
     *
     * <p>addr2line run over many addresses is not a pure function of each address: for a C++ function whose DWARF
     * entry has no linkage name, the first address asked names it from the symbol table and later ones from DWARF
     * (binutils caches the first answer into its function table). Tachyon answers every address the first way, so an
     * address that disagrees with the batch run is asked again in an addr2line of its own, whose answer is the
     * reference.
     */
    static Agreement compare(Path file, long[] addresses, List<List<Frame>> batch,
            LongFunction<List<SymbolizedFrame>> ours) throws IOException {
        List<List<Frame>> reference = new ArrayList<>(batch);
        for (int i = 0; i < addresses.length; i++) {
            if (!agrees(batch.get(i), ours.apply(addresses[i]))) {
                reference.set(i, frames(file, new long[] {addresses[i]}).get(0));
            }
        }
        return score(file, addresses, reference, ours);
    }

    private static boolean agrees(List<Frame> expected, List<SymbolizedFrame> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int f = 0; f < expected.size(); f++) {
            SymbolizedFrame frame = actual.get(f);
            String location = frame.source() == null ? "??:0" : frame.source().file() + ":" + frame.source().line();
            if (!expected.get(f).function().equals(frame.name()) || !expected.get(f).location().equals(location)) {
                return false;
            }
        }
        return true;
    }

    private static Agreement score(Path file, long[] addresses, List<List<Frame>> reference,
            LongFunction<List<SymbolizedFrame>> ours) throws IOException {
        int named = 0;
        int nameMatches = 0;
        int locations = 0;
        int locationMatches = 0;
        List<String> nameMismatches = new ArrayList<>();
        List<String> locationMismatches = new ArrayList<>();
        List<long[]> disputed = new ArrayList<>();
        List<String> disputedLocations = new ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            List<Frame> expected = reference.get(i);
            if (expected.isEmpty() || expected.get(0).function().equals("??")) {
                continue;
            }
            named++;
            List<SymbolizedFrame> actual = ours.apply(addresses[i]);
            List<String> expectedNames = expected.stream().map(Frame::function).toList();
            List<String> actualNames = actual.stream().map(SymbolizedFrame::name).toList();
            if (expectedNames.equals(actualNames)) {
                nameMatches++;
            } else {
                nameMismatches.add("0x" + Long.toHexString(addresses[i]) + " addr2line " + expectedNames + " ours "
                        + actualNames);
            }
            for (int f = 0; f < expected.size(); f++) {
                String location = expected.get(f).location();
                if (location.startsWith("??") || location.endsWith(":?") || location.endsWith(":0")) {
                    continue;
                }
                locations++;
                String ourLocation = f < actual.size() && actual.get(f).source() != null
                        ? actual.get(f).source().file() + ":" + actual.get(f).source().line() : "none";
                if (location.equals(ourLocation)) {
                    locationMatches++;
                } else {
                    disputed.add(new long[] {addresses[i], f});
                    disputedLocations.add(ourLocation);
                    locationMismatches.add("0x" + Long.toHexString(addresses[i]) + " frame " + f + " addr2line "
                            + location + " ours " + ourLocation);
                }
            }
        }
        int settled = 0;
        if (!disputed.isEmpty() && TestSupport.findExecutable("llvm-symbolizer") != null) {
            long[] disputedAddresses = disputed.stream().mapToLong(d -> d[0]).toArray();
            List<List<Frame>> llvm = llvmFrames(file, disputedAddresses);
            for (int d = 0; d < disputed.size(); d++) {
                int frame = (int) disputed.get(d)[1];
                List<Frame> frames = llvm.get(d);
                if (frame < frames.size() && frames.get(frame).location().equals(disputedLocations.get(d))) {
                    settled++;
                }
            }
        }
        return new Agreement(named, nameMatches, locations, locationMatches + settled, settled, nameMismatches,
                locationMismatches);
    }
}
