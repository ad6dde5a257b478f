/**
 * The run API: {@link io.ddam.experiments.run.Simulation} runs several protocols on one instance and data
 * stream and returns one row per protocol (and checkpoint). Moved here from {@code ddam-online}
 * ({@code io.ddam.online.experiment}) with the sweep engine.
 */
package io.ddam.experiments.run;
