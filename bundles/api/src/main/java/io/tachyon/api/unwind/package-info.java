/**
 * Unwinding user call stacks from a copy of the user registers and the top of the user stack, for code the
 * kernel's frame-pointer walk gets wrong (libraries built without frame pointers). The collector calls a
 * {@link io.tachyon.api.unwind.UserStackUnwinder} for its architecture at record time.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tachyon.api.unwind;
