"""Chemical formulas of salts and molecules as lexicon terms."""

from pipeline.resources.formulas import load_ions, molecular_formulas, salt_formula


def test_salt_formulas_balance_the_ions_charges():
    ions = load_ions()
    assert salt_formula("Calcium Chloride", ions) == "CaCl2"
    assert salt_formula("Sodium Bicarbonate", ions) == "NaHCO3"
    assert salt_formula("Ammonium Sulfate", ions) == "(NH4)2SO4"
    assert salt_formula("Aluminum Oxide", ions) == "Al2O3"
    assert salt_formula("Aluminum Hydroxide", ions) == "Al(OH)3"
    assert salt_formula("Ferric Chloride", ions) == "FeCl3"


def test_names_that_are_no_simple_salt_have_no_formula():
    ions = load_ions()
    assert salt_formula("Calcium Phosphate", ions) is None  # phosphates: several salts
    assert salt_formula("Chloride Sodium", ions) is None  # anion first
    assert salt_formula("Sodium Potassium", ions) is None  # two cations
    assert salt_formula("Sodium Chloride Solution", ions) is None
    # capitals only: also abbreviations ("KI" knock-in, "HCN" an ion channel)
    assert salt_formula("Potassium Iodide", ions) is None
    assert salt_formula("Hydrogen Cyanide", ions) is None


def test_molecules_name_their_mesh_descriptor():
    molecules = molecular_formulas()
    assert molecules["H2O2"] == "Hydrogen Peroxide"
    assert "CO" not in molecules and "NO" not in molecules  # cardiac output, a short form
