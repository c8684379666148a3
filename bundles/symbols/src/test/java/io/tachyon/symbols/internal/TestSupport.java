package io.tachyon.symbols.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real binaries of this machine and programs compiled here, for the tests of every package of the bundle. */
public final class TestSupport {

    /** A C++ program with the shapes profiles meet: templates, lambdas, virtual calls, std containers, inlining. */
    public static final String CXX_PROGRAM = """
            #include <algorithm>
            #include <cstdio>
            #include <functional>
            #include <map>
            #include <memory>
            #include <string>
            #include <vector>

            namespace shapes {
            struct Shape {
                virtual ~Shape() = default;
                virtual double area() const = 0;
            };
            struct Square : Shape {
                explicit Square(double s) : side(s) {}
                double area() const override { return side * side; }
                double side;
            };
            template <typename T, int N>
            struct Grid {
                T cells[N];
                T sum() const { T s{}; for (int i = 0; i < N; i++) s += cells[i]; return s; }
            };
            }

            namespace {
            int counter;
            __attribute__((noinline)) int bump(int by) { counter += by; return counter; }
            }

            template <typename F>
            __attribute__((noinline)) long apply_all(const std::vector<int>& values, F f) {
                long total = 0;
                for (int v : values) total += f(v);
                return total;
            }

            static inline int square(int x) { return x * x; }
            static inline int twice_square(int x) { return 2 * square(x) + bump(1); }

            std::map<std::string, std::vector<int>> build(int n) {
                std::map<std::string, std::vector<int>> m;
                for (int i = 0; i < n; i++) m["key" + std::to_string(i % 17)].push_back(twice_square(i));
                return m;
            }

            int main(int argc, char** argv) {
                auto m = build(1000 * argc);
                std::vector<std::unique_ptr<shapes::Shape>> shapes;
                for (int i = 0; i < 10; i++) shapes.push_back(std::make_unique<shapes::Square>(i));
                double area = 0;
                for (auto& s : shapes) area += s->area();
                std::vector<int> all;
                for (auto& [k, v] : m) all.insert(all.end(), v.begin(), v.end());
                std::sort(all.begin(), all.end(), [](int a, int b) { return a > b; });
                int offset = argc;
                long total = apply_all(all, [offset](int v) { return v + offset; });
                std::function<int(int)> f = [&](int v) { return v * offset; };
                shapes::Grid<double, 4> g{{1, 2, 3, 4}};
                std::printf("%ld %f %d %f\\n", total, area, f(3), g.sum());
                return 0;
            }
            """;

    /** A Rust program with generics, closures, traits and std collections. */
    public static final String RUST_PROGRAM = """
            use std::collections::{BTreeMap, HashMap};
            use std::fmt::Debug;

            trait Shape { fn area(&self) -> f64; }
            struct Square(f64);
            impl Shape for Square { fn area(&self) -> f64 { self.0 * self.0 } }

            #[inline(never)]
            fn total_area(shapes: &[Box<dyn Shape>]) -> f64 { shapes.iter().map(|s| s.area()).sum() }

            #[inline(never)]
            fn group<T: Debug + Clone, const N: usize>(items: [T; N]) -> BTreeMap<String, Vec<T>> {
                let mut m = BTreeMap::new();
                for item in items.iter() { m.entry(format!("{:?}", item).len().to_string()).or_insert_with(Vec::new).push(item.clone()); }
                m
            }

            fn main() {
                let n = std::env::args().count() as u64 * 1000;
                let mut h: HashMap<u64, u64> = HashMap::new();
                for i in 0..n { *h.entry(i % 13).or_insert(0) += i * i; }
                let shapes: Vec<Box<dyn Shape>> = (0..10).map(|i| Box::new(Square(i as f64)) as Box<dyn Shape>).collect();
                let g = group([1u32, 22, 333, 4444]);
                let mut v: Vec<u64> = h.values().copied().collect();
                v.sort_by(|a, b| b.cmp(a));
                println!("{} {} {:?} {}", total_area(&shapes), v.len(), g, v.iter().sum::<u64>());
            }
            """;

    private TestSupport() {
    }

    public static void require(boolean condition, String reason) {
        Tools.require(condition, reason);
    }

    public static void requireTool(String tool) {
        Tools.requireTool(tool);
    }

    public static String run(String... command) {
        return Tools.run(command);
    }

    /** The first of {@code candidates} that is an executable file, or null. */
    public static Path findExecutable(String name, String... extraDirectories) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of(extraDirectories));
        for (String d : dirs) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public static Path libc() {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        Tools.requireFile(libc);
        return realPath(libc);
    }

    public static Path libstdcxx() {
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        Tools.requireFile(lib);
        return realPath(lib);
    }

    /** The debug build of libstdc++ that package libstdc++6-12-dbg installs: the library with its full DWARF. */
    public static Path libstdcxxDebugBuild() {
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/debug/libstdc++.so.6.0.30");
        Tools.requireFile(lib);
        return realPath(lib);
    }

    /** LLVM's shared library (package llvm): a large C++ binary with tens of thousands of exported functions. */
    public static Path libLlvm() {
        Path lib = Path.of("/usr/lib/llvm-14/lib/libLLVM-14.so.1");
        Tools.requireFile(lib);
        return realPath(lib);
    }

    /** The C++ program, built with g++ -O2 -g (PIE) into {@code dir/cxxprog}. */
    public static Path cxxProgram(Path dir) throws IOException {
        Tools.requireTool("g++");
        Path source = dir.resolve("cxxprog.cpp");
        Files.writeString(source, CXX_PROGRAM);
        Path out = dir.resolve("cxxprog");
        Tools.run("g++", "-std=c++17", "-O2", "-g", "-o", out.toString(), source.toString());
        return out;
    }

    /**
     * The Rust program, built with rustc -O -g; {@code mangling} "legacy" is rustc's default (the program's own
     * symbols legacy, the standard library's v0), "v0" mangles the program's own symbols with v0 too.
     */
    public static Path rustProgram(Path dir, String mangling) throws IOException {
        Path rustc = findExecutable("rustc", System.getProperty("user.home") + "/.cargo/bin");
        Tools.require(rustc != null, "rustc is not on the PATH nor in ~/.cargo/bin");
        Path source = dir.resolve("rustprog.rs");
        Files.writeString(source, RUST_PROGRAM);
        Path out = dir.resolve("rustprog_" + mangling);
        List<String> command = new ArrayList<>(List.of(rustc.toString(), "-O", "-g", "-o", out.toString()));
        if (mangling.equals("v0")) {
            command.add("-Csymbol-mangling-version=v0");
        }
        command.add(source.toString());
        Tools.run(command.toArray(String[]::new));
        return out;
    }

    /** Names from {@code nm [-D] [-C] --defined-only}, version suffixes (@GLIBCXX_3.4) removed, in nm's order. */
    public static List<String> nmNames(Path file, boolean dynamic, boolean demangle) {
        Tools.requireTool("nm");
        List<String> command = new ArrayList<>(List.of("nm", "--defined-only", "--no-sort"));
        if (dynamic) {
            command.add("-D");
        }
        if (demangle) {
            command.add("-C");
        }
        command.add(file.toString());
        List<String> names = new ArrayList<>();
        for (String line : Tools.run(command.toArray(String[]::new)).split("\n")) {
            if (line.length() < 20) {
                continue;
            }
            names.add(line.substring(19).replaceFirst("@@?[A-Za-z_][A-Za-z0-9_.]*$", ""));
        }
        return names;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
