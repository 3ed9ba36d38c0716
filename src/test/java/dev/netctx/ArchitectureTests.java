package dev.netctx;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules of the design notes (§2), checked on the compiled classes instead of by convention. */
class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.netctx");
    }

    @Test
    void theNetPackageUsesTheJdkOnlyAndNullnessAnnotations() {
        classes().that().resideInAPackage("dev.netctx.net..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.netctx.net..", "java..", "org.jspecify.annotations..").check(classes);
    }

    @Test
    void theProxyProtocolPackageUsesTheJdkOnlyAndNullnessAnnotations() {
        classes().that().resideInAPackage("dev.netctx.proxy..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.netctx.proxy..", "java..", "org.jspecify.annotations..").check(classes);
    }

    @Test
    void theTlsPackageUsesTheJdkTheNetPackageAndNullnessAnnotationsOnly() {
        classes().that().resideInAPackage("dev.netctx.tls..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.netctx.tls..", "dev.netctx.net..", "java..", "javax.net.ssl..", "javax.security..",
                        "javax.crypto..", "org.jspecify.annotations..")
                .check(classes);
    }

    @Test
    void theLoggingPackageUsesTheJdkCommonsLoggingAndNullnessAnnotationsOnly() {
        classes().that().resideInAPackage("dev.netctx.logging..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.netctx.logging..", "java..", "org.apache.commons.logging..", "org.jspecify.annotations..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.netctx.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theWebPackageDoesNotReachTheEchoService() {
        noClasses().that().resideInAPackage("dev.netctx.web..").should().dependOnClassesThat()
                .resideInAPackage("dev.netctx.echo..").check(classes);
    }

    @Test
    void theRestApiAndTheActuatorShareOnlyTheApiPackage() {
        noClasses().that().resideInAPackage("dev.netctx.actuate..").should().dependOnClassesThat()
                .resideInAPackage("dev.netctx.web..").check(classes);
        noClasses().that().resideInAPackage("dev.netctx.web..").should().dependOnClassesThat()
                .resideInAPackage("dev.netctx.actuate..").check(classes);
    }

    @Test
    void theClientAndTheToolsUseTheNetPackageOnly() {
        noClasses().that().resideInAnyPackage("dev.netctx.client..", "dev.netctx.bench..", "dev.netctx.soak..").should()
                .dependOnClassesThat().resideInAnyPackage("dev.netctx.context..", "dev.netctx.echo..", "dev.netctx.web..",
                        "dev.netctx.actuate..", "dev.netctx.security..")
                .check(classes);
    }
}
