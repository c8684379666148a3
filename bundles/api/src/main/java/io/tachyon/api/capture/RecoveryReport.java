package io.tachyon.api.capture;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CaptureStore#recover} salvaged from a damaged capture, and where the damage was.
 *
 * @param damaged      the file read
 * @param clean        the file written: complete, indexed and closed
 * @param events       events copied into {@code clean}
 * @param samples      {@code Sample} events among them
 * @param bytesDropped bytes of {@code damaged} not carried over (damaged chunks and what could not be read)
 * @param damage       each damaged region, in file order; empty when the file only lacked its end
 * @param wasClosed    whether {@code damaged} had been closed by its writer
 */
public record RecoveryReport(Path damaged, Path clean, long events, long samples, long bytesDropped,
        List<Damage> damage, boolean wasClosed) {

    public RecoveryReport {
        Objects.requireNonNull(damaged, "damaged");
        Objects.requireNonNull(clean, "clean");
        damage = List.copyOf(damage);
    }

    /** A damaged part of a file: where it starts and what was wrong there. */
    public record Damage(long offset, String problem) {

        public Damage {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
