package dev.netctx.context;

import java.util.List;

/**
 * One page of contexts, in the shape of Spring Data's {@code PagedModel}.
 * @param content the contexts of the page
 * @param page where the page is in the whole result
 */
public record ContextPage(List<ContextInfo> content, Metadata page) {

    /** The page of {@code query} with {@code content}, out of {@code totalElements} that matched. */
    public static ContextPage of(List<ContextInfo> content, ContextQuery query, long totalElements) {
        long totalPages = (totalElements + query.size() - 1) / query.size();
        return new ContextPage(content, new Metadata(query.size(), query.page(), totalElements, totalPages));
    }

    /**
     * Where a page is: Spring Data's {@code PagedModel.PageMetadata}.
     * @param size the requested page size
     * @param number the page's number, from 0
     * @param totalElements how many contexts matched
     * @param totalPages how many pages of {@code size} they fill
     */
    public record Metadata(long size, long number, long totalElements, long totalPages) {
    }
}
