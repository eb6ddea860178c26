package com.example.shop;

/** An order of a customer: a mutable bean, as Jdbi's {@code @BindBean} reads it. */
public final class Order {
  private long id;
  private String customer;

  /** An empty order, for Jdbi. */
  public Order() {}

  /**
   * An order not yet saved.
   *
   * @param customer who ordered
   */
  public Order(String customer) {
    this.customer = customer;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getCustomer() {
    return customer;
  }

  public void setCustomer(String customer) {
    this.customer = customer;
  }
}
