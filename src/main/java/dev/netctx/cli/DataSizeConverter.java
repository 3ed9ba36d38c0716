package dev.netctx.cli;

import org.springframework.util.unit.DataSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size, read as Spring Boot reads a {@link DataSize} property: {@code 512B}, {@code 64KB},
 * {@code 1MB} (binary multiples: 1KB = 1024 bytes); a bare number is bytes. Negative sizes are
 * refused; each command checks its own range.
 */
public final class DataSizeConverter implements ITypeConverter<DataSize> {

    /** How a size is written, for the help of the commands that take one. */
    public static final String HELP = "Sizes: 512B, 64KB, 1MB (1KB = 1024 bytes); a bare number is bytes.";

    @Override
    public DataSize convert(String value) {
        DataSize size;
        try {
            size = DataSize.parse(value.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new TypeConversionException("'" + value + "' is not a size: use e.g. 512, 512B, 64KB or 1MB");
        }
        if (size.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative: a size is 0 or more");
        }
        return size;
    }
}
