package io.tachyon.symbols.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names for the x86-64 PLT stubs, which have no symbols: {@code puts@plt} as objdump and perf name them. Each stub
 * of .plt, .plt.sec and .plt.got jumps through a GOT slot ({@code jmp *disp32(%rip)}); the dynamic relocation of that
 * slot (JUMP_SLOT in .rela.plt, GLOB_DAT in .rela.dyn) names the function; an IRELATIVE slot is named
 * {@code *ABS*+0x<resolver>} as objdump does. Stubs that jump elsewhere (the lazy binding stubs of an IBT .plt,
 * PLT0) get no name.
 */
final class PltSymbols {

    static final int EM_X86_64 = 62;
    private static final int R_X86_64_GLOB_DAT = 6;
    private static final int R_X86_64_JUMP_SLOT = 7;
    private static final int R_X86_64_IRELATIVE = 37;

    record Stub(String name, long address, long size) {
    }

    private PltSymbols() {
    }

    static List<Stub> read(ElfFile file) throws ElfFormatException {
        if (file.machine() != EM_X86_64 || !file.is64()) {
            return List.of();
        }
        List<long[]> jumps = new ArrayList<>();
        for (String name : new String[] {".plt", ".plt.sec", ".plt.got"}) {
            Optional<ElfSection> section = file.section(name);
            if (section.isEmpty() || !section.get().hasFileData() || section.get().size() == 0) {
                continue;
            }
            long entrySize = name.equals(".plt.got") && section.get().entrySize() == 8 ? 8 : 16;
            ByteBuffer code = file.sectionRegion(section.get()).buffer();
            long base = section.get().address();
            for (int at = 0; at + entrySize <= code.capacity(); at += (int) entrySize) {
                long slot = jumpSlot(code, at, (int) entrySize, base);
                if (slot != 0) {
                    jumps.add(new long[] {base + at, entrySize, slot});
                }
            }
        }
        if (jumps.isEmpty()) {
            return List.of();
        }
        Map<Long, String> slotNames = slotNames(file, jumps);
        List<Stub> stubs = new ArrayList<>(jumps.size());
        for (long[] jump : jumps) {
            String function = slotNames.get(jump[2]);
            if (function != null) {
                stubs.add(new Stub(function + "@plt", jump[0], jump[1]));
            }
        }
        return stubs;
    }

    /**
     * The GOT slot a stub jumps through, or 0 when it holds no {@code [bnd] jmp *disp32(%rip)} or is PLT0, which
     * starts with {@code push *disp32(%rip)} and jumps through a slot no relocation names (looking for its name would
     * read every dynamic relocation of the file).
     */
    private static long jumpSlot(ByteBuffer code, int at, int size, long base) {
        if ((code.get(at) & 0xff) == 0xff && (code.get(at + 1) & 0xff) == 0x35) {
            return 0;
        }
        for (int i = at; i + 6 <= at + size; i++) {
            if ((code.get(i) & 0xff) == 0xff && (code.get(i + 1) & 0xff) == 0x25) {
                int displacement = code.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(i + 2);
                return base + i + 6 + displacement;
            }
        }
        return 0;
    }

    /**
     * The names of the GOT slots the stubs jump through, from the dynamic relocations. Only those slots are looked at:
     * a large C++ library has hundreds of thousands of other relocations.
     */
    private static Map<Long, String> slotNames(ElfFile file, List<long[]> jumps) throws ElfFormatException {
        long[] wanted = new long[jumps.size()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = jumps.get(i)[2];
        }
        Arrays.sort(wanted);
        long lowest = wanted[0];
        long highest = wanted[wanted.length - 1];
        long distinctWanted = Arrays.stream(wanted).distinct().count();
        Map<Long, String> names = new HashMap<>();
        List<ElfSection> sections = file.sections();
        // .rela.plt (JUMP_SLOT, IRELATIVE) usually names every slot; the large .rela.dyn is read only for what is left.
        List<ElfSection> relocationSections = new ArrayList<>(sections);
        relocationSections.sort(Comparator.comparing(section -> !section.name().equals(".rela.plt")));
        List<ElfSymbol> symbols = null;
        for (ElfSection relocations : relocationSections) {
            if (names.size() == distinctWanted) {
                break;
            }
            if (relocations.type() != ElfSection.SHT_RELA || relocations.entrySize() != 24
                    || relocations.link() <= 0 || relocations.link() >= sections.size()) {
                continue;
            }
            ElfSection symbolTable = sections.get(relocations.link());
            if (symbolTable.type() != ElfSection.SHT_DYNSYM) {
                continue;
            }
            symbols = symbols == null ? file.allSymbols(ElfSection.SHT_DYNSYM) : symbols;
            ElfRegion entries = file.sectionRegion(relocations);
            ByteBuffer raw = entries.buffer();
            for (int base = 0; base + 24 <= raw.capacity(); base += 24) {
                long offset = raw.getLong(base);
                // Most relocations are outside the GOT: two compares spare them the search.
                if (offset < lowest || offset > highest || Arrays.binarySearch(wanted, offset) < 0) {
                    continue;
                }
                long info = raw.getLong(base + 8);
                int type = (int) info;
                long symbol = info >>> 32;
                if ((type == R_X86_64_JUMP_SLOT || type == R_X86_64_GLOB_DAT) && symbol > 0
                        && symbol < symbols.size() && !symbols.get((int) symbol).name().isEmpty()) {
                    names.putIfAbsent(offset, symbols.get((int) symbol).name());
                } else if (type == R_X86_64_IRELATIVE) {
                    // An IFUNC resolved at load time has no symbol; objdump names the slot by its resolver's address.
                    names.putIfAbsent(offset, "*ABS*+0x" + Long.toHexString(raw.getLong(base + 16)));
                }
            }
        }
        return names;
    }
}
