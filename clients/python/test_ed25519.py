"""The Ed25519 verification against RFC 8032 §7.1's test vectors (run: python3 -m unittest, in this folder).

TEST 1, 2, 3 and SHA(abc) are copied from the RFC; TEST 1024 is left out for its 1023-byte message,
which would add nothing the others do not check. The secret keys are kept, unused, so that each vector
reads as it does in the RFC.
"""

import hashlib
import unittest

import ed25519

RFC8032_7_1 = [
    dict(name="TEST 1",
         secret="9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         public="d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
         message="",
         signature="e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                   "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    dict(name="TEST 2",
         secret="4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         public="3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
         message="72",
         signature="92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                   "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    dict(name="TEST 3",
         secret="c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         public="fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
         message="af82",
         signature="6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                   "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    dict(name="TEST SHA(abc)",
         secret="833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
         public="ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
         message=hashlib.sha512(b"abc").hexdigest(),
         signature="dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                   "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
]


def _vector(v):
    return bytes.fromhex(v["public"]), bytes.fromhex(v["message"]), bytes.fromhex(v["signature"])


def _flip(data, index):
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


class Rfc8032VectorsTest(unittest.TestCase):

    def test_each_vector_verifies(self):
        for v in RFC8032_7_1:
            with self.subTest(v["name"]):
                self.assertTrue(ed25519.verify(*_vector(v)))

    def test_a_changed_message_does_not_verify(self):
        for v in RFC8032_7_1:
            with self.subTest(v["name"]):
                public, message, signature = _vector(v)
                changed = _flip(message, 0) if message else b"\x00"
                self.assertFalse(ed25519.verify(public, changed, signature))

    def test_a_changed_signature_does_not_verify(self):
        public, message, signature = _vector(RFC8032_7_1[1])
        for index in (0, 31, 32, 63):
            with self.subTest(byte=index):
                self.assertFalse(ed25519.verify(public, message, _flip(signature, index)))

    def test_another_vectors_key_does_not_verify(self):
        _, message, signature = _vector(RFC8032_7_1[0])
        other_public, _, _ = _vector(RFC8032_7_1[1])
        self.assertFalse(ed25519.verify(other_public, message, signature))

    def test_s_at_or_above_the_group_order_is_refused(self):
        # S + L verifies in the group equation; §5.1.7 refuses it so that a signature is not malleable.
        public, message, signature = _vector(RFC8032_7_1[0])
        s = int.from_bytes(signature[32:], "little")
        malleated = signature[:32] + (s + ed25519.q).to_bytes(32, "little")
        self.assertFalse(ed25519.verify(public, message, malleated))

    def test_wrong_lengths_are_invalid_not_errors(self):
        public, message, signature = _vector(RFC8032_7_1[0])
        self.assertFalse(ed25519.verify(public[:31], message, signature))
        self.assertFalse(ed25519.verify(public, message, signature[:63]))
        self.assertFalse(ed25519.verify(public, message, signature + b"\x00"))

    def test_a_public_key_off_the_curve_is_invalid(self):
        _, message, signature = _vector(RFC8032_7_1[0])
        # y = 2 has no x on edwards25519 (x^2 = 3 / (4d + 1) is not a square mod p).
        self.assertFalse(ed25519.verify((2).to_bytes(32, "little"), message, signature))


if __name__ == "__main__":
    unittest.main()
