/**
 * Compensation: completed activities with a compensation boundary event are undone by
 * their handlers when a compensation event is thrown, the last completed first.
 */
import { describe, expect, it } from 'vitest';
import { elementStates, instanceStates, jobsOf, recordsOf, startInstance } from './support';

describe('compensation throw event', () => {
  it('runs the handlers of the completed activities in reverse order, then goes on', async () => {
    // given an order whose stock was reserved and whose card was charged
    const driver = await startInstance('compensation.reverseOrder');
    driver.run({ type: 'job.complete', jobKey: driver.job('reserve').key, variables: {} });
    driver.run({ type: 'job.complete', jobKey: driver.job('charge').key, variables: {} });

    // when the compensation event is thrown, the card is refunded first
    expect(driver.activeElementIds().sort()).toEqual(['refund', 'undoAll']);
    driver.run({ type: 'job.complete', jobKey: driver.job('refund').key, variables: {} });

    // then the stock is released, and after it the process goes on and completes
    expect(driver.activeElementIds().sort()).toEqual(['release', 'undoAll']);
    const last = driver.run({
      type: 'job.complete',
      jobKey: driver.job('release').key,
      variables: {},
    });
    expect(elementStates(last.records, 'undoAll')).toEqual(['COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('restores a running handler from JSON and continues', async () => {
    // given the refund running, with the state stored as JSON and read back
    const driver = await startInstance('compensation.reverseOrder');
    driver.run({ type: 'job.complete', jobKey: driver.job('reserve').key, variables: {} });
    driver.run({ type: 'job.complete', jobKey: driver.job('charge').key, variables: {} });
    driver.state = JSON.parse(JSON.stringify(driver.current));

    // when both handlers complete
    driver.run({ type: 'job.complete', jobKey: driver.job('refund').key, variables: {} });
    driver.run({ type: 'job.complete', jobKey: driver.job('release').key, variables: {} });

    // then the instance completes as without the restore
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.compensations).toEqual({});
  });
});

describe('compensation end event', () => {
  it('ends its scope only after the handlers are done', async () => {
    // given a booked room
    const driver = await startInstance('compensation.endEvent');

    // when the booking completes and the compensation end event is reached
    driver.completeJob('book');

    // then the booking is cancelled while the end event waits, and the process goes on
    expect(driver.activeElementIds()).toEqual(['bookingUndone', 'cancelBooking']);
    expect(driver.current.state).toBe('ACTIVE');
    const last = driver.completeJob('cancelBooking');
    const order = recordsOf(last.records, 'elementInstance')
      .filter((record) => record.row.state === 'COMPLETED')
      .map((record) => record.row.elementId);
    expect(order).toEqual(['cancelBooking', 'bookingUndone', 'room-booking']);
    expect(instanceStates(last.records)).toEqual(['COMPLETED']);
  });
});

describe('compensation of one activity (activityRef)', () => {
  it('runs only the named activity handler and leaves the others for a later throw', async () => {
    // given stock reserved and a card charged
    const driver = await startInstance('compensation.activityRef');
    driver.completeJob('reserve');

    // when the charge alone is undone
    driver.completeJob('charge');

    // then only the refund runs, and the reservation stays compensable
    expect(driver.activeElementIds()).toEqual(['refund', 'undoCharge']);
    driver.completeJob('refund');
    expect(driver.activeElementIds()).toEqual(['decide']);
    expect(driver.current.compensations?.[String(driver.processInstanceKey)]).toEqual([
      expect.objectContaining({ elementId: 'reserve', handlerId: 'release' }),
    ]);

    // when everything else is undone later
    driver.completeJob('decide');

    // then the stock is released, the card is not refunded twice, and the process completes
    expect(driver.activeElementIds()).toEqual(['release', 'undoRest']);
    driver.completeJob('release');
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'refund')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'release')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('compensates what completed inside a subprocess it names, and nothing outside it', async () => {
    // given the flight booked, then the hotel and the car in the completed stay subprocess
    const driver = await startInstance('compensation.activityRefSubProcess');
    driver.completeJob('bookFlight');
    driver.completeJob('bookHotel');

    // when the stay subprocess completes and is undone by name
    driver.completeJob('bookCar');

    // then the car and the hotel are cancelled, last booked first
    expect(driver.activeElementIds()).toEqual(['cancelCar', 'undoStay']);
    driver.completeJob('cancelCar');
    expect(driver.activeElementIds()).toEqual(['cancelHotel', 'undoStay']);
    driver.completeJob('cancelHotel');

    // and the flight stays booked and compensable
    expect(driver.activeElementIds()).toEqual(['rebook']);
    expect(driver.current.compensations?.[String(driver.processInstanceKey)]).toEqual([
      expect.objectContaining({ elementId: 'bookFlight', handlerId: 'cancelFlight' }),
    ]);
    expect(elementStates(driver.records, 'cancelFlight')).toEqual([]);
  });
});

describe('compensation of activities that did not complete', () => {
  it('does not compensate an activity still running in another branch, nor one not reached', async () => {
    // given stock reserved while the parcel is still being shipped in the other branch
    const driver = await startInstance('compensation.unfinished');

    // when the compensation is thrown after the reservation (the invoice is not written yet)
    driver.completeJob('reserve');

    // then only the reservation is undone
    expect(driver.activeElementIds()).toEqual(['release', 'ship', 'undo']);
    driver.completeJob('release');
    expect(driver.activeElementIds()).toEqual(['invoice', 'ship']);

    // and the activities that complete after the throw are not compensated by it
    driver.completeJob('ship');
    driver.completeJob('invoice');
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'recallParcel')).toEqual([]);
    expect(elementStates(driver.records, 'voidInvoice')).toEqual([]);
  });
});

describe('compensation across an embedded subprocess', () => {
  /** Books the flight, the hotel, the car and charges the card: the throw follows. */
  async function bookTrip() {
    const driver = await startInstance('compensation.subProcess');
    driver.completeJob('bookFlight');
    driver.completeJob('bookHotel');
    driver.completeJob('bookCar');
    driver.completeJob('charge');
    return driver;
  }

  it('compensates the completed subprocess activities with the outer ones, last completed first', async () => {
    // given a trip booked: flight, then the stay subprocess (hotel, car), then the charge
    const driver = await bookTrip();

    // when the process-level throw runs the handlers one after the other
    const handlers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const running = driver.activeElementIds().filter((id) => id !== 'undoTrip');
      expect(running).toHaveLength(1);
      handlers.push(running[0]!);
      driver.completeJob(running[0]);
    }

    // then the card is refunded, the car, the hotel and the flight are cancelled, in that order
    expect(handlers).toEqual(['refund', 'cancelCar', 'cancelHotel', 'cancelFlight']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('runs the handlers of subprocess activities in the scope of the throw, after the subprocess ended', async () => {
    // given a trip booked and the refund done
    const driver = await bookTrip();
    driver.completeJob('refund');

    // then the car is cancelled in the process scope: the subprocess is gone
    const cancelCar = driver.current.elements[String(driver.elementKey('cancelCar'))];
    expect(cancelCar?.scopeKey).toBe(driver.processInstanceKey);
    expect(driver.activeElementIds()).toEqual(['cancelCar', 'undoTrip']);
  });

  it('restores from JSON between two handlers of subprocess activities and continues', async () => {
    // given the car cancelled and the hotel to be cancelled next, stored as JSON and read back
    const driver = await bookTrip();
    driver.completeJob('refund');
    driver.completeJob('cancelCar');
    driver.state = JSON.parse(JSON.stringify(driver.current));

    // when the remaining handlers complete
    expect(driver.activeElementIds()).toEqual(['cancelHotel', 'undoTrip']);
    driver.completeJob('cancelHotel');
    driver.completeJob('cancelFlight');

    // then the instance completes as without the restore
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.compensations).toEqual({});
  });
});

describe('compensation after a terminated subprocess', () => {
  it('drops the compensable activities of a subprocess ended by an interrupting boundary event', async () => {
    // given the flight and the hotel booked, the car still being booked in the stay subprocess
    const driver = await startInstance('compensation.terminatedSubProcess');
    driver.completeJob('bookFlight');
    driver.completeJob('bookHotel');
    expect(driver.activeElementIds()).toEqual(['bookCar', 'bookStay']);

    // when the deadline ends the stay subprocess and the trip is undone
    driver.fireTimer('stayDeadline');

    // then only the flight is cancelled: the hotel was booked in a subprocess that did not complete
    expect(driver.activeElementIds()).toEqual(['cancelFlight', 'undoTrip']);
    driver.completeJob('cancelFlight');
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'cancelHotel')).toEqual([]);
    expect(elementStates(driver.records, 'cancelCar')).toEqual([]);
  });
});

describe('compensation thrown inside a subprocess', () => {
  /** Books the flight, then the hotel and the car in the stay subprocess, whose throw follows. */
  async function bookStay() {
    const driver = await startInstance('compensation.throwInSubProcess', { tripNo: 7 });
    driver.completeJob('bookFlight');
    driver.completeJob('bookHotel');
    driver.completeJob('bookCar');
    return driver;
  }

  it('compensates only the activities of that subprocess, and leaves the outer ones to the outer throw', async () => {
    // given the flight, the hotel and the car booked
    const driver = await bookStay();

    // when the throw in the subprocess runs: the car is cancelled first, then the hotel
    expect(driver.activeElementIds()).toEqual(['bookStay', 'cancelCar', 'undoStay']);
    driver.completeJob('cancelCar');
    expect(driver.activeElementIds()).toEqual(['bookStay', 'cancelHotel', 'undoStay']);
    driver.completeJob('cancelHotel');

    // then the subprocess completes, and the outer throw cancels only the flight
    expect(driver.activeElementIds()).toEqual(['cancelFlight', 'undoTrip']);
    driver.completeJob('cancelFlight');
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'cancelCar')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'cancelHotel')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('gives the handler the variables of the subprocess', async () => {
    // given the stay subprocess has its local trip id
    const driver = await bookStay();

    // then the car handler's input mapping reads it
    expect(driver.scopeVariables(driver.elementKey('cancelCar'))).toEqual({
      bookingRef: 'trip-7',
    });
    expect(driver.processVariables()).not.toHaveProperty('tripId');
  });

  it('restores from JSON between two handlers inside the subprocess and continues', async () => {
    // given the car cancelled, stored as JSON and read back before the hotel is cancelled
    const driver = await bookStay();
    driver.completeJob('cancelCar');
    driver.state = JSON.parse(JSON.stringify(driver.current));

    // when the remaining handlers complete
    driver.completeJob('cancelHotel');
    driver.completeJob('cancelFlight');

    // then the instance completes as without the restore
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.compensations).toEqual({});
  });
});

describe('a user task as compensation handler', () => {
  it('creates the task from the scope variables and hands its result back to the scope', async () => {
    // given a charged card, the clerk and the amount known in the process
    const driver = await startInstance('compensation.userTaskHandler', { clerk: 'anna' });

    // when the charge is undone
    driver.completeJob('charge', { amount: 40 });

    // then the clerk gets the refund task, with the amount mapped in
    const task = driver.userTask('refundByHand');
    expect(task.assignee).toBe('anna');
    expect(driver.scopeVariables(task.elementInstanceKey)).toEqual({ refundAmount: 40 });

    // when the clerk completes it
    driver.completeUserTask('refundByHand', { refunded: true });

    // then the process goes on with the handler's result
    expect(driver.activeElementIds()).toEqual(['confirm']);
    expect(driver.processVariables()).toEqual({ clerk: 'anna', amount: 40, refunded: true });
  });
});

describe('compensation with nothing to compensate', () => {
  it('goes on at once', async () => {
    // given a process whose only completed activity has no compensation handler
    const driver = await startInstance('compensation.nothingToCompensate');

    // when the compensation event is reached
    const result = driver.completeJob('note');

    // then it completes in the same command and the process goes on
    expect(elementStates(result.records, 'undo')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['archive']);
  });
});

describe('compensation of a multi-instance activity', () => {
  // The handler is remembered for the body, not for each inner instance: it runs once, in
  // the scope of the throw, and sees the scope's variables but no item of the loop.
  it('runs the handler once for the whole activity, after all items completed', async () => {
    // given three contacts notified
    const driver = await startInstance('compensation.multiInstance', {
      contacts: ['ann', 'bob', 'cyd'],
    });
    for (const job of jobsOf(driver, 'notify')) {
      driver.run({ type: 'job.complete', jobKey: job.key, variables: {} });
    }

    // then the notices are recalled once, for every contact
    expect(driver.activeElementIds()).toEqual(['recall', 'undo']);
    expect(jobsOf(driver, 'recall')).toHaveLength(1);
    expect(driver.scopeVariables(driver.elementKey('recall'))).toEqual({
      recipients: ['ann', 'bob', 'cyd'],
      lastContact: null,
    });

    // when the recall completes, the process completes
    driver.completeJob('recall');
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'recall')).toEqual(['ACTIVE', 'COMPLETED']);
  });
});

describe('a compensation end event in an error event subprocess', () => {
  it('compensates what completed in the scope the event subprocess interrupted', async () => {
    // given a reserved room, and a payment whose worker throws PAYMENT_FAILED
    const driver = await startInstance('compensation.inEventSubProcess');
    driver.run({ type: 'job.complete', jobKey: driver.job('reserve').key, variables: {} });
    driver.run({
      type: 'job.throwError',
      jobKey: driver.job('pay').key,
      errorCode: 'PAYMENT_FAILED',
      errorMessage: 'card declined',
      variables: {},
    });

    // when the event subprocess's compensation end event runs the room's release
    expect(driver.activeElementIds().sort()).toEqual(['onPaymentFailed', 'release', 'undoBooking']);
    driver.run({ type: 'job.complete', jobKey: driver.job('release').key, variables: {} });

    // then the end event completes, and with it the process
    expect(driver.current.state).toBe('COMPLETED');
  });
});
