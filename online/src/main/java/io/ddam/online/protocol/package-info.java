/**
 * The online learning protocols of method.md §2: {@link io.ddam.online.protocol.OgdProtocol} (eq. 6),
 * {@link io.ddam.online.protocol.CdogdProtocol} (eq. 11, mixing matrix from
 * {@link io.ddam.online.protocol.ConsensusWeights}), {@link io.ddam.online.protocol.LocalProtocol} and
 * {@link io.ddam.online.protocol.DdamTogdProtocol} (eq. 14, over any routing trees), plus the
 * {@link io.ddam.online.protocol.FairTime} iteration rule and theory step sizes
 * ({@link io.ddam.online.protocol.StepSizes}). All start from X = 0, project after every step, are
 * deterministic and allocate nothing per step.
 */
package io.ddam.online.protocol;
