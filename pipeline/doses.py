"""An amount of a drug as abstracts write it: "10 mg/kg", "0.1-1 mg", "3 to 30 mg".

Shared by the stages that read a dose after a name: a chemical's short form before its
dose ("PCPA 100 mg/kg", :mod:`pipeline.abbreviations`) and a drug code given in a dose
("BN 52021 (10 mg/kg)", :mod:`pipeline.drug_codes`).
"""

DOSE = (
    r"\d+(?:[.,]\d+)?(?: ?[-–] ?\d+(?:[.,]\d+)?)?(?: (?:or|to|and) \d+(?:[.,]\d+)?)?"
    r" ?(?:mg|µg|μg|ug|mcg|ng|g|kg|mmol|µmol|μmol|umol|nmol|pmol|mol|ml|mL|µl|μl|IU|mM"
    r"|µM|μM|nM|micrograms?|milligrams?|%)(?![^\W\d_])"
)
