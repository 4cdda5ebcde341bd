"""Ed25519 signature verification (RFC 8032), in the standard library only.

Python's standard library has no Ed25519, and this reference client must run on a bare Python 3, so the
verification is written out here. It is adapted from the reference implementation of RFC 8032 §6
(https://www.rfc-editor.org/rfc/rfc8032#section-6): the same formulas and names, verify only (a client
never signs), with the two changes the errata and §5.1.7 call for: a signature or key of the wrong length
is an invalid signature rather than an exception, and S must be below the group order.

It is not constant-time; it does not need to be: it handles only public values (the key, the token, the
signature).
"""

import hashlib

# The base field Z_p (RFC 8032 §5.1).
p = 2**255 - 19
# The curve constant d of edwards25519.
d = -121665 * pow(121666, p - 2, p) % p
# The order of the base point (L in RFC 8032).
q = 2**252 + 27742317777372353535851937790883648493
# A square root of -1 mod p.
SQRT_M1 = pow(2, (p - 1) // 4, p)


def _inv(x):
    return pow(x, p - 2, p)


def _sha512_modq(data):
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % q


# Points are tuples (X, Y, Z, T) of extended coordinates: x = X/Z, y = Y/Z, x*y = T/Z.

def _add(P, Q):
    A = (P[1] - P[0]) * (Q[1] - Q[0]) % p
    B = (P[1] + P[0]) * (Q[1] + Q[0]) % p
    C = 2 * P[3] * Q[3] * d % p
    D = 2 * P[2] * Q[2] % p
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % p, G * H % p, F * G % p, E * H % p)


def _mul(s, P):
    Q = (0, 1, 1, 0)  # the neutral element
    while s > 0:
        if s & 1:
            Q = _add(Q, P)
        P = _add(P, P)
        s >>= 1
    return Q


def _equal(P, Q):
    # x1/z1 == x2/z2 exactly when x1*z2 == x2*z1, and likewise for y.
    return (P[0] * Q[2] - Q[0] * P[2]) % p == 0 and (P[1] * Q[2] - Q[1] * P[2]) % p == 0


def _recover_x(y, sign):
    """The x for y whose low bit is sign, or None when there is none (RFC 8032 §5.1.3)."""
    if y >= p:
        return None
    x2 = (y * y - 1) * _inv(d * y * y + 1) % p
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (p + 3) // 8, p)
    if (x * x - x2) % p != 0:
        x = x * SQRT_M1 % p
    if (x * x - x2) % p != 0:
        return None
    if (x & 1) != sign:
        x = p - x
    return x


def _decompress(s):
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % p)


_G_Y = 4 * _inv(5) % p
_G_X = _recover_x(_G_Y, 0)
# The base point B.
G = (_G_X, _G_Y, 1, _G_X * _G_Y % p)


def verify(public, message, signature):
    """Whether signature (64 bytes) is a valid Ed25519 signature of message by public (32 bytes)."""
    if len(public) != 32 or len(signature) != 64:
        return False
    A = _decompress(public)
    if A is None:
        return False
    R_bytes = signature[:32]
    R = _decompress(R_bytes)
    if R is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= q:
        return False
    h = _sha512_modq(R_bytes + public + message)
    # [S]B = R + [h]A (RFC 8032 §5.1.7, the cofactorless check of the reference code).
    return _equal(_mul(s, G), _add(R, _mul(h, A)))
