package io.tachyon.analysis.internal;

import io.tachyon.api.symbols.ModuleRef;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressSpaceTest {

    private final ModuleEntry first = new ModuleEntry(0, new ModuleRef("/lib/first.so", null, ModuleRef.Kind.USER));
    private final ModuleEntry second = new ModuleEntry(1, new ModuleRef("/lib/second.so", null, ModuleRef.Kind.USER));

    @Test
    void aNewMappingReplacesThePartItOverlaps() {
        AddressSpace space = new AddressSpace();
        space.map(new MappedModule(0x1000, 0x5000, 0, first));
        space.map(new MappedModule(0x2000, 0x3000, 0x100, second));

        assertThat(space.find(0x1500).module()).isSameAs(first);
        assertThat(space.find(0x2500).module()).isSameAs(second);
        assertThat(space.find(0x2500).moduleAddress(0x2500)).isEqualTo(0x600);
        MappedModule rest = space.find(0x3500);
        assertThat(rest.module()).isSameAs(first);
        assertThat(rest.start()).isEqualTo(0x3000);
        assertThat(rest.moduleAddress(0x3500)).isEqualTo(0x2500);
        assertThat(space.find(0x5000)).isNull();
        assertThat(space.find(0x0fff)).isNull();
    }

    @Test
    void aMappingOverSeveralOthersReplacesThemAll() {
        AddressSpace space = new AddressSpace();
        space.map(new MappedModule(0x1000, 0x2000, 0, first));
        space.map(new MappedModule(0x3000, 0x4000, 0, first));
        space.map(new MappedModule(0x1800, 0x3800, 0, second));

        assertThat(space.find(0x1000).module()).isSameAs(first);
        assertThat(space.find(0x1800).module()).isSameAs(second);
        assertThat(space.find(0x37ff).module()).isSameAs(second);
        assertThat(space.find(0x3800).module()).isSameAs(first);
        assertThat(space.find(0x3800).moduleAddress(0x3800)).isEqualTo(0x800);
    }

    @Test
    void comparesKernelAddressesUnsigned() {
        ModuleEntry kernel = new ModuleEntry(2, new ModuleRef("[kernel.kallsyms]", null, ModuleRef.Kind.KERNEL));
        AddressSpace space = new AddressSpace();
        space.map(new MappedModule(0x1000, 0x2000, 0, first));
        space.map(new MappedModule(0xffffffff81000000L, -1L, 0, kernel));

        assertThat(space.find(0xffffffff81234567L).moduleAddress(0xffffffff81234567L)).isEqualTo(0xffffffff81234567L);
        assertThat(space.find(0x1234).module()).isSameAs(first);
        assertThat(space.find(0x7fffffffffffffffL)).isNull();
    }

    @Test
    void aCopyGoesItsOwnWay() {
        AddressSpace parent = new AddressSpace();
        parent.map(new MappedModule(0x1000, 0x2000, 0, first));
        AddressSpace child = parent.copy();
        child.clear();
        child.map(new MappedModule(0x1000, 0x2000, 0, second));

        assertThat(parent.find(0x1000).module()).isSameAs(first);
        assertThat(child.find(0x1000).module()).isSameAs(second);
    }
}
