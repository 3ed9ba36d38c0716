package dev.netctx.web;

import java.util.Locale;

import dev.netctx.context.ContextRole;
import dev.netctx.net.NetProtocol;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Query parameters {@code protocol} and {@code role} in any case ({@code tcp}, {@code TCP}, {@code session}). */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, NetProtocol.class, NetProtocol::parse);
        registry.addConverter(String.class, ContextRole.class,
                (text) -> ContextRole.valueOf(text.trim().toUpperCase(Locale.ROOT)));
    }
}
