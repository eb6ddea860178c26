/** The Food App as a Spring Boot web application, wired by signals-spring-boot-starter. */
package dev.jsignals.bootfood;
