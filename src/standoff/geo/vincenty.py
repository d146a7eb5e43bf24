"""The pieces of Vincenty's direct and inverse problems on WGS84 that the kernels use (numba).

Angles are radians. The `*_reduced` forms take a latitude as the sine and cosine of its reduced
latitude u (tan u = (1 - f) tan lat), which `frame` gives, so that callers evaluating many
geodesics from the same vertices skip the set-up trigonometry.
"""

from __future__ import annotations

import math

from numba import njit

A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)
E2 = F * (2 - F)
EP2 = (A * A - B * B) / (B * B)
TWO_PI = 2 * math.pi
#: Vincenty's inverse: lambda converged (A * LAM_TOL = 0.6 um); steps taken without trigonometry.
LAM_TOL = 1e-13
LAM_STEP = 1e-4


@njit(cache=True, error_model="numpy")
def frame(lat: float) -> tuple[float, float, float, float]:
    """Halves of N cos(lat) and of M (metres per radian east and north), sin and cos of the
    reduced latitude u (tan u = (1 - f) tan lat)."""
    s, c = math.sin(lat), math.cos(lat)
    w = math.sqrt(1 - E2 * s * s)
    r = math.sqrt(c * c + (1 - F) * (1 - F) * s * s)
    return 0.5 * A / w * c, 0.5 * A * (1 - E2) / (w * w * w), (1 - F) * s / r, c / r


@njit(cache=True, error_model="numpy")
def coefs(cos2a: float) -> tuple[float, float, float]:
    """Vincenty's C (longitude) and A, B (arc length) coefficients for cos^2(alpha)."""
    r = math.sqrt(1 + cos2a * EP2)
    k1 = (r - 1) / (r + 1)
    c = F / 16 * cos2a * (4 + F * (4 - 3 * cos2a))
    return c, (1 + k1 * k1 / 4) / (1 - k1), k1 * (1 - 3 * k1 * k1 / 8)


@njit(cache=True, error_model="numpy")
def dsig(b_coef: float, sin_sig: float, cos_sig: float, cos2sm: float) -> float:
    """Vincenty's Delta sigma: arc on the auxiliary sphere minus s / (b A)."""
    return b_coef * sin_sig * (
        cos2sm + b_coef / 4 * (cos_sig * (-1 + 2 * cos2sm * cos2sm)
                               - b_coef / 6 * cos2sm * (-3 + 4 * sin_sig * sin_sig)
                               * (-3 + 4 * cos2sm * cos2sm)))


@njit(cache=True, error_model="numpy")
def inverse_reduced(su1: float, cu1: float, su2: float, cu2: float,
                 big_l: float) -> tuple[float, float, float, float]:
    """Vincenty's inverse from reduced latitudes (sin, cos) and the longitude difference.

    Returns the distance (m), sin(sigma), sin and cos of the auxiliary longitude difference lambda
    (the azimuth at point 1 is atan2(cu2 sin(lambda), cu1 su2 - su1 cu2 cos(lambda))). Vincenty's
    fixed point lambda = g(lambda) is solved by Newton's method (g' from d sigma/d lambda =
    sin(alpha), d sin(alpha)/d lambda = (cu1 cu2 cos(lambda) - sin(alpha)^2 cos(sigma)) / sin(sigma);
    one step from lambda = L leaves ~1e-13 rad up to 200 km), stopping as Vincenty's test does once
    the next step is below LAM_TOL. After a step below LAM_STEP the sines and cosines of lambda and
    sigma move by angle addition, with series exact to double precision (|d sigma| <= |d lambda|).
    """
    lam = big_l
    sl, cl = math.sin(lam), math.cos(lam)
    exact = True
    sin_sig = cos_sig = sig = cos2a = 0.0
    for _ in range(200):
        sin_prev, cos_prev, sig_prev = sin_sig, cos_sig, sig
        y = cu2 * sl
        x = cu1 * su2 - su1 * cu2 * cl
        sin_sig = math.sqrt(y * y + x * x)
        if sin_sig == 0.0:
            return 0.0, 0.0, 0.0, 1.0
        cos_sig = su1 * su2 + cu1 * cu2 * cl
        if exact:
            sig = math.atan2(sin_sig, cos_sig)
        else:
            tan_d = (sin_sig * cos_prev - cos_sig * sin_prev) / (cos_sig * cos_prev + sin_sig * sin_prev)
            sig = sig_prev + tan_d * (1 - tan_d * tan_d * (1 / 3 - tan_d * tan_d / 5))
        sin_a = cu1 * y / sin_sig
        cos2a = 1 - sin_a * sin_a
        inv_c2a = 1 / cos2a if cos2a != 0.0 else 0.0
        cos2sm = cos_sig - 2 * su1 * su2 * inv_c2a
        c = F / 16 * cos2a * (4 + F * (4 - 3 * cos2a))  # Vincenty's C
        w = sig + c * sin_sig * (cos2sm + c * cos_sig * (-1 + 2 * cos2sm * cos2sm))
        g = big_l + (1 - c) * F * sin_a * w
        dsa = (cu1 * cu2 * cl - sin_a * sin_a * cos_sig) / sin_sig
        dc2a = -2 * sin_a * dsa
        dc = F / 16 * (4 + F * (4 - 6 * cos2a)) * dc2a
        dc2sm = -sin_sig * sin_a + 2 * su1 * su2 * dc2a * inv_c2a * inv_c2a
        dw = sin_a + dc * sin_sig * cos2sm + c * (cos_sig * sin_a * cos2sm + sin_sig * dc2sm)
        dg = F * ((1 - c) * (dsa * w + sin_a * dw) - dc * sin_a * w)
        delta = (g - lam) / (1 - dg) if abs(dg) < 0.5 else g - lam
        if abs(delta) < LAM_TOL:
            break
        lam += delta
        exact = abs(delta) >= LAM_STEP
        if exact:
            sl, cl = math.sin(lam), math.cos(lam)
        else:
            sd, cd = delta * (1 - delta * delta / 6), 1 - 0.5 * delta * delta
            sl, cl = sl * cd + cl * sd, cl * cd - sl * sd
    cos2sm = cos_sig - 2 * su1 * su2 / cos2a if cos2a != 0.0 else 0.0
    _, a_coef, b_coef = coefs(cos2a)
    return B * a_coef * (sig - dsig(b_coef, sin_sig, cos_sig, cos2sm)), sin_sig, sl, cl


@njit(cache=True, error_model="numpy")
def sigma_at(a_coef: float, b_coef: float, sig1: float, s: float) -> float:
    """Arc length on the auxiliary sphere reached after s metres (Vincenty's iteration)."""
    sig = s / (B * a_coef)
    for _ in range(100):
        sig_prev = sig
        sig = s / (B * a_coef) + dsig(b_coef, math.sin(sig), math.cos(sig), math.cos(2 * sig1 + sig))
        if abs(sig - sig_prev) < 1e-14:
            break
    return sig


@njit(cache=True, error_model="numpy")
def point_at(su1: float, cu1: float, sa1: float, ca1: float, sin_a: float, c: float, s2s1: float,
              c2s1: float, sig: float) -> tuple[float, float, float, float, float]:
    """Point at arc sig of a geodesic: reduced latitude (sin, cos), longitude offset, azimuth (sin, cos)."""
    sin_sig, cos_sig = math.sin(sig), math.cos(sig)
    cos2sm = c2s1 * cos_sig - s2s1 * sin_sig  # cos(2 sigma1 + sigma)
    x = su1 * sin_sig - cu1 * cos_sig * ca1
    su = su1 * cos_sig + cu1 * sin_sig * ca1
    cu = math.sqrt(sin_a * sin_a + x * x)
    lam = math.atan2(sin_sig * sa1, cu1 * cos_sig - su1 * sin_sig * ca1)
    dlon = lam - (1 - c) * F * sin_a * (
        sig + c * sin_sig * (cos2sm + c * cos_sig * (-1 + 2 * cos2sm * cos2sm))
    )
    if cu == 0.0:
        return su, cu, dlon, 0.0, 1.0
    return su, cu, dlon, sin_a / cu, -x / cu
