"""Certificates as Open Badges 3.0 verifiable credentials (pure: no models).

``badge.issue`` builds and signs a certificate's ``OpenBadgeCredential``;
``keys.did_document`` is the issuer's DID document; ``status_list`` publishes
revocation; ``baking`` puts a credential into its PNG badge and takes it out.
docs/certificates.md ("Credentials") says why these libraries and how.
"""
