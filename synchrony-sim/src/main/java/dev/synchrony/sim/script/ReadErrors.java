package dev.synchrony.sim.script;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Why a file could not be read, in words: the JDK's message for a missing file is the file's name alone, which
 * made errors read "cannot read X: X".
 */
public final class ReadErrors {

    private ReadErrors() {}

    public static String reason(IOException error) {
        if (error instanceof NoSuchFileException) {
            return "no such file";
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (error instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
