"""The e-mail: checked addresses, the pure body builder, message assembly, SMTP delivery."""
